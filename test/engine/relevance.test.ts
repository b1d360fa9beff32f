import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileModuleHost } from '../../server/src/engine/workspace/module-host';
import { RelevanceIndex } from '../../server/src/engine/workspace/relevance';
import { tempWorkspace } from '../helpers/paths';

const IDENTITY = "resource u 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {\n  name: 'u'\n  location: 'westus'\n}\n";
const moduleCall = (name: string, target: string) => `module ${name} '${target}' = {\n  name: '${name}'\n}\n`;

describe('which templates an audit analyses', () => {
  function index(root: string): (file: string) => boolean {
    const host = new FileModuleHost({ roots: [root] });
    const relevance = new RelevanceIndex({ target: (from, modulePath) => host.target(from, modulePath), known: () => undefined });
    return (file) => relevance.isRelevant(path.join(root, file));
  }

  it('skips templates with nothing identity-related in them or in their modules', () => {
    const root = tempWorkspace({
      'plain.bicep': "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n}\n",
      'calls-plain.bicep': moduleCall('p', './plain.bicep'),
      'calls-missing.bicep': moduleCall('m', './missing.bicep'),
      'calls-registry.bicep': moduleCall('r', 'br/public:avm/res/web/site:0.1.0'),
      'plain.json': '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}',
    });
    const relevant = index(root);
    for (const file of ['plain.bicep', 'calls-plain.bicep', 'calls-missing.bicep', 'calls-registry.bicep', 'plain.json']) assert.equal(relevant(file), false, file);
  });

  it('analyses identities, their users, suppressions, modules that lead to them, cycles and modules left out on purpose', () => {
    const outside = tempWorkspace({ 'far.bicep': "param x string = 'a'\n" });
    const root = tempWorkspace({
      'identity.bicep': IDENTITY,
      'user.bicep': "resource s 'Microsoft.Web/sites@2023-01-01' = {\n  name: 's'\n  identity: { type: 'SystemAssigned' }\n}\n",
      'suppressed.bicep': '#disable-next-line isolation-scope-missing\nvar x = 1\n',
      'a.bicep': moduleCall('b', './b.bicep'),
      'b.bicep': moduleCall('c', './identity.bicep'),
      'cycle-1.bicep': moduleCall('two', './cycle-2.bicep'),
      'cycle-2.bicep': moduleCall('one', './cycle-1.bicep'),
      'nested.json': '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Resources/deployments"}]}',
    });
    fs.writeFileSync(path.join(root, 'leaves.bicep'), moduleCall('far', path.relative(root, path.join(outside, 'far.bicep')).split(path.sep).join('/')));
    const relevant = index(root);
    for (const file of ['identity.bicep', 'user.bicep', 'suppressed.bicep', 'a.bicep', 'b.bicep', 'cycle-1.bicep', 'leaves.bicep', 'nested.json']) assert.equal(relevant(file), true, file);
  });
});
