import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPaths } from '../../server/src/engine/audit';
import { restoredRegistryModule } from '../../server/src/engine/workspace/module-host';
import { lines } from '../helpers/rule-tester';
import { GRAMMARS_DIR, tempWorkspace } from '../helpers/paths';

describe('registry modules', () => {
  it('knows where bicep restore puts a registry module', () => {
    assert.equal(
      restoredRegistryModule('/c', 'br/public:avm/res/web/site:0.3.0'),
      path.join('/c', 'br', 'mcr.microsoft.com', 'bicep$avm$res$web$site', '0.3.0$', 'main.json'),
    );
    assert.equal(restoredRegistryModule('/c', 'br:contoso.azurecr.io/infra/app:v1'), path.join('/c', 'br', 'contoso.azurecr.io', 'infra$app', 'v1$', 'main.json'));
    assert.equal(restoredRegistryModule('/c', 'ts:0000/rg/spec:1.0'), undefined);
  });

  it('are external unless the opt-in cache holds them; then their identities are compared', async () => {
    const root = tempWorkspace({
      'main.bicep': lines(
        "resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {",
        "  name: 'id-r'",
        "  location: 'westus'",
        "  properties: { isolationScope: 'Regional' }",
        '}',
        "module site 'br/public:demo/site:1.0.0' = {",
        "  name: 'site'",
        "  params: { location: 'eastus', identityId: uami.id }",
        '}',
      ),
    });
    const cache = tempWorkspace({
      'br/mcr.microsoft.com/bicep$demo$site/1.0.0$/main.json': JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        parameters: { location: { type: 'string' }, identityId: { type: 'string' } },
        resources: [
          {
            type: 'Microsoft.Web/sites',
            apiVersion: '2023-12-01',
            name: 'app',
            location: "[parameters('location')]",
            identity: { type: 'UserAssigned', userAssignedIdentities: { "[parameters('identityId')]": {} } },
          },
        ],
      }),
    });
    const without = await auditPaths([root], { wasmDir: GRAMMARS_DIR });
    assert.deepEqual(without.findings.filter((f) => f.severity !== 'info'), []);
    const withCache = await auditPaths([root], { wasmDir: GRAMMARS_DIR, bicepModuleCache: cache });
    assert.deepEqual(withCache.findings.map((f) => `${f.ruleId}/${f.severity}@${path.basename(f.file)}`), ['identity-cross-region/error@main.bicep']);
    assert.ok(fs.existsSync(path.join(cache, 'br')));
  });
});
