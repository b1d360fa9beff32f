import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPaths } from '../../server/src/engine/audit';
import { lines } from '../helpers/rule-tester';
import { GRAMMARS_DIR, tempWorkspace } from '../helpers/paths';

describe('modules that are not followed', () => {
  it('say why when they are left out on purpose: a path that leaves the workspace, modules that include each other', async () => {
    const outside = tempWorkspace({ 'shared.bicep': "param location string\nresource u 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\n  name: 'x'\n  location: location\n}\n" });
    const root = tempWorkspace({
      'main.bicep': lines(
        `module far '${path.relative(path.join(fs.realpathSync(outside), '..'), outside).replace(/^/, '../')}/shared.bicep' = {`,
        "  name: 'far'",
        "  params: { location: 'westus' }",
        '}',
        "module gone './missing.bicep' = {",
        "  name: 'gone'",
        '}',
        "module loop './a.bicep' = {",
        "  name: 'loop'",
        '}',
        "module registry 'br/public:avm/res/web/site:0.1.0' = {",
        "  name: 'registry'",
        '}',
      ),
      'a.bicep': "module b './b.bicep' = {\n  name: 'b'\n}\n",
      'b.bicep': "module a './a.bicep' = {\n  name: 'a'\n}\n",
    });
    const result = await auditPaths([path.join(root, 'main.bicep')], { wasmDir: GRAMMARS_DIR });
    const notes = result.findings.filter((f) => f.ruleId === 'isolation-unresolved' && f.file.endsWith('main.bicep')).map((f) => f.message);
    // A missing file is Bicep's own error to report (BCP091); a path left out on purpose is ours to explain.
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0] ?? '', /'far' .* is not followed: its path leaves the workspace \(setting followModulesOutsideWorkspace\)/);
    const cycle = result.findings.filter((f) => /includes a file that includes it/.test(f.message));
    assert.ok(cycle.length >= 1, 'the cycle a → b → a is reported, and the audit ends');
    assert.ok(!result.findings.some((f) => f.message.includes('registry')), 'registry modules are external by design, not a note each');
  });
});
