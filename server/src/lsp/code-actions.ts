import { CodeActionKind, type CodeAction, type Range as LspRange } from 'vscode-languageserver';
import { chooseSafeFixes, docsUrlFor, suppressedRules, type Finding, type SourceFile, type TextEdit } from '../engine';
import { rangesTouch, TextPositions } from './convert';
import { toDiagnostic } from './diagnostics';
import type { AnalysedText } from './document-analysis';
import type { FileLocator } from './file-texts';
import { editsOf, toWorkspaceEdit } from './fix-plan';
import { FIX_ALL_CODE_ACTION_KIND, SHOW_DOCUMENTATION_COMMAND } from './protocol';

export interface CodeActionInput {
  readonly analysis: AnalysedText;
  /** The document version the analysis is of: the diagnostics attached to actions carry it. */
  readonly version: number;
  readonly range: LspRange;
  readonly only: readonly string[] | undefined;
  /** Knows the document itself and every file its findings point into. */
  readonly locator: FileLocator;
  readonly documentChanges: boolean;
}

const DIRECTIVE = '#disable-next-line';

/**
 * The actions for a range, in a fixed order (as editors list them): the fixes of the findings in
 * range, fix-all for the file, disabling each rule for the line, each rule's documentation.
 */
export function codeActions(input: CodeActionInput): CodeAction[] {
  const { analysis, locator } = input;
  const positions = TextPositions.ofEditorText(analysis.file);
  const inRange = analysis.findings.filter((finding) => finding.file === analysis.file.path && rangesTouch(positions.range(finding.range), input.range));
  const wantsQuickFixes = wants(CodeActionKind.QuickFix, input.only);
  const actions: CodeAction[] = [];

  if (wantsQuickFixes) {
    for (const finding of inRange) {
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [toDiagnostic(finding, locator, input.version)],
          // Only a safe fix may be applied with one keystroke; the engine marks unsafe ones unpreferred already.
          isPreferred: fix.isPreferred && fix.safe,
          edit: toWorkspaceEdit(editsOf([fix]), locator, input.documentChanges),
        });
      }
    }
  }

  // In the light bulb only next to a finding; asked for by kind (on save), for the whole file.
  if (wants(FIX_ALL_CODE_ACTION_KIND, input.only) && (inRange.length > 0 || input.only !== undefined)) {
    const fixes = chooseSafeFixes(analysis.findings);
    if (fixes.length > 0) {
      actions.push({ title: 'Fix all identity isolation problems in this file', kind: FIX_ALL_CODE_ACTION_KIND, edit: toWorkspaceEdit(editsOf(fixes), locator, input.documentChanges) });
    }
  }

  if (wantsQuickFixes) {
    const disabled = new Set<string>();
    for (const finding of inRange) {
      const edit = disableEdit(analysis, finding);
      const key = `${finding.ruleId}@${edit.range.start}`;
      if (disabled.has(key)) continue;
      disabled.add(key);
      actions.push({
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(finding, locator, input.version)],
        edit: toWorkspaceEdit(new Map([[analysis.file.path, [edit]]]), locator, input.documentChanges),
      });
    }
    for (const ruleId of new Set(inRange.map((finding) => finding.ruleId))) {
      const title = `Show documentation for ${ruleId}`;
      actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [docsUrlFor(ruleId)] } });
    }
  }
  return actions;
}

/** LSP kinds are hierarchical: asking for `source.fixAll` includes `source.fixAll.identityIsolation`. */
function wants(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
}

/**
 * The directive that silences a finding: the engine reads it from the line above the finding's
 * first line, `#disable-next-line <rule>` in Bicep and the same in a `//` comment in ARM JSON. When
 * that line already is a directive, the rule joins its list; otherwise a new line goes above,
 * indented like the finding's line, with the file's own line break.
 */
function disableEdit({ file, template }: AnalysedText, finding: Finding): TextEdit {
  const line = file.lines.positionAt(finding.range.start).line;
  if (suppressedRules(file, line).size > 0) {
    const end = directiveCodesEnd(file, line - 1);
    return { range: { start: end, end }, newText: ` ${finding.ruleId}` };
  }
  const start = file.lines.lineStart(line);
  const indentation = /^[ \t]*/.exec(file.lines.lineText(line))?.[0] ?? '';
  const directive = template.language === 'arm' ? `// ${DIRECTIVE}` : DIRECTIVE;
  return { range: { start, end: start }, newText: `${indentation}${directive} ${finding.ruleId}${file.eol}` };
}

/** Offset just after the last rule named by the directive on a line (before any trailing comment). */
function directiveCodesEnd(file: SourceFile, line: number): number {
  const text = file.lines.lineText(line);
  const codesStart = text.indexOf(DIRECTIVE) + DIRECTIVE.length;
  const comment = text.slice(codesStart).search(/\/\/|\/\*/);
  let end = comment < 0 ? text.length : codesStart + comment;
  while (end > codesStart && /\s/.test(text.charAt(end - 1))) end--;
  return file.lines.lineStart(line) + end;
}
