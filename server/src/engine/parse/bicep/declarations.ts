import type { Expression, ObjectExpression } from '../../model/expression';
import type { Declaration, Loop, ModuleDeclaration, ResourceDeclaration, Template } from '../../model/template';
import type { DeclarationHeader } from './headers';
import type { DeclarationValues } from './values';

/**
 * A declaration whose header comes from the lexer and whose values are read by tree-sitter the
 * first time anything asks for them. The getters are own, enumerable properties, so copying a
 * declaration with `{ ...declaration }` still copies its values.
 */
export function makeDeclaration(header: DeclarationHeader, template: Template, values: () => DeclarationValues): Declaration {
  const base = { name: header.name, nameRange: header.nameRange, keywordOffset: header.keywordOffset, range: header.range };
  switch (header.kind) {
    case 'param':
      return {
        ...base,
        kind: 'param',
        get defaultValue(): Expression | undefined {
          return values().value;
        },
      };
    case 'var':
      return {
        ...base,
        kind: 'var',
        get value(): Expression {
          return values().value ?? { kind: 'unparsed', text: '', reason: 'a variable without a value', range: header.range };
        },
      };
    case 'output':
      return {
        ...base,
        kind: 'output',
        get value(): Expression | undefined {
          return values().value;
        },
      };
    case 'module':
      return {
        ...base,
        kind: 'module',
        path: header.module?.path ?? '',
        pathRange: header.module?.pathRange ?? header.nameRange,
        get condition(): Expression | undefined {
          return values().condition;
        },
        get loop(): Loop | undefined {
          return values().loop;
        },
        get body(): ObjectExpression | undefined {
          return values().body;
        },
      } satisfies ModuleDeclaration;
    case 'resource': {
      const type = header.resource;
      // Getters written in the literal are own, enumerable properties, made without copying descriptors.
      return {
        ...base,
        kind: 'resource',
        hasSymbolicName: true,
        type: type?.type ?? '',
        apiVersion: type?.apiVersion,
        typeRange: type?.typeRange ?? header.nameRange,
        apiVersionRange: type?.apiVersionRange,
        existing: type?.existing ?? false,
        template,
        get condition(): Expression | undefined {
          return values().condition;
        },
        get loop(): Loop | undefined {
          return values().loop;
        },
        get body(): ObjectExpression | undefined {
          return values().body;
        },
        /** A nested resource names its enclosing one; a top-level one may name its parent with `parent:`. */
        get parentName(): string | undefined {
          return type?.parentName ?? parentProperty(values().body);
        },
      } satisfies ResourceDeclaration;
    }
    default:
      return { ...base, kind: header.kind };
  }
}

function parentProperty(body: ObjectExpression | undefined): string | undefined {
  for (const member of body?.properties ?? []) {
    if (member.kind === 'property' && member.key === 'parent' && member.value.kind === 'identifier') return member.value.name;
  }
  return undefined;
}
