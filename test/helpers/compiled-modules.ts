import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import { SourceFile } from '../../server/src/engine/model/source-file';
import type { Template } from '../../server/src/engine/model/template';
import { parseSourceFile } from '../../server/src/engine/parse';
import { restoredRegistryModule } from '../../server/src/engine/workspace/module-host';

/**
 * The corpus keeps a `main.bicep` and the `main.json` the Bicep compiler built from it, but not
 * always the modules main.bicep calls: registry modules are never fetched, and some local module
 * files were not sampled. main.json holds each of them compiled, inline, as the `template` of the
 * module's deployment resource. This rebuilds, from there, what a developer's machine would have:
 * registry modules restored into a Bicep module cache folder (exactly what `bicep restore` writes:
 * the module's compiled ARM JSON), and missing local module files in their compiled form.
 *
 * Only languageVersion 2.0 output is used: its `resources` object is keyed by the Bicep symbolic
 * name, so a module declaration and its deployment are matched by name, never by guesswork.
 */
export interface CompiledModules {
  /** A Bicep module cache folder holding the registry modules main.bicep calls. */
  readonly cacheDir: string;
  /** The compiled templates of local module files missing from disk, by their resolved path. */
  readonly missingLocal: ReadonlyMap<string, { readonly file: SourceFile; readonly template: Template }>;
  /** How many modules were rebuilt (registry, local). */
  readonly counts: { readonly registry: number; readonly local: number };
}

const REGISTRY_MODULE = /^(br|ts)[:/]/i;

export function compiledModulesOf(bicepFile: string, bicepTemplate: Template, compiledJson: string): CompiledModules {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-module-cache-'));
  const missingLocal = new Map<string, { file: SourceFile; template: Template }>();
  const counts = { registry: 0, local: 0 };
  // Walks a Bicep file beside its compiled form; local module files that exist are walked too,
  // since the registry and missing modules they call are compiled inside their deployments.
  const visit = (file: string, template: Template, compiled: jsonc.Node | undefined, depth: number) => {
    const resources = compiled ? jsonc.findNodeAtLocation(compiled, ['resources']) : undefined;
    if (resources?.type !== 'object' || depth > 8) return;
    for (const declaration of template.declarations) {
      if (declaration.kind !== 'module') continue;
      const inner = jsonc.findNodeAtLocation(resources, [declaration.name, 'properties', 'template']);
      if (inner?.type !== 'object') continue;
      const text = compiledJson.slice(inner.offset, inner.offset + inner.length);
      if (REGISTRY_MODULE.test(declaration.path)) {
        const target = restoredRegistryModule(cacheDir, declaration.path);
        if (!target || fs.existsSync(target)) continue;
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
        counts.registry++;
        continue;
      }
      const target = path.resolve(path.dirname(file), declaration.path);
      if (fs.existsSync(target)) {
        const outcome = parseSourceFile(new SourceFile(target, fs.readFileSync(target, 'utf8')));
        if (outcome.kind === 'template') visit(target, outcome.template, inner, depth + 1);
        continue;
      }
      if (missingLocal.has(target)) continue;
      const compiledFile = new SourceFile(`${target}.compiled.json`, text);
      const outcome = parseSourceFile(compiledFile);
      if (outcome.kind !== 'template') continue;
      missingLocal.set(target, { file: compiledFile, template: outcome.template });
      counts.local++;
    }
  };
  visit(bicepFile, bicepTemplate, jsonc.parseTree(compiledJson), 0);
  return { cacheDir, missingLocal, counts };
}
