const REGIONS = ['westeurope', 'northeurope', 'eastus'];

/**
 * A valid Bicep file of about `lines` lines made of repeated groups: a location parameter, a
 * name variable, a user-assigned identity (every other one Regional, the rest without
 * isolationScope) and a web app assigned two identities, its own group's and one half the file
 * away. Regions differ between groups, so the file has findings of several rules and
 * every edit has identities and sources both near it and far from it.
 */
export function generateBicep(lines: number): string {
  // Groups alternate between two lengths (with and without isolationScope).
  const averageGroupLines = (lineCount(group(0, 2)) + lineCount(group(1, 2))) / 2;
  const groups = Math.max(2, Math.round(lines / averageGroupLines));
  const text: string[] = ["targetScope = 'resourceGroup'", ''];
  for (let index = 0; index < groups; index++) text.push(group(index, groups));
  return text.join('\n');
}

function group(index: number, groups: number): string {
  const far = (index + Math.floor(groups / 2)) % groups;
  const isolation = index % 2 === 0 ? ["  properties: {", "    isolationScope: 'Regional'", '  }'] : [];
  return [
    `@description('Region of group ${index}')`,
    `param location${index} string = '${REGIONS[index % REGIONS.length] ?? 'westeurope'}'`,
    '',
    `var appName${index} = 'app-\${uniqueString(resourceGroup().id)}-${index}'`,
    '',
    `resource identity${index} 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {`,
    `  name: 'id-${index}'`,
    `  location: location${index}`,
    ...isolation,
    '}',
    '',
    `resource site${index} 'Microsoft.Web/sites@2023-12-01' = {`,
    `  name: appName${index}`,
    `  location: location${index}`,
    '  identity: {',
    "    type: 'UserAssigned'",
    '    userAssignedIdentities: {',
    `      '\${identity${index}.id}': {}`,
    `      '\${identity${far}.id}': {}`,
    '    }',
    '  }',
    '  properties: {',
    `    serverFarmId: 'plan-${index}'`,
    '    httpsOnly: true',
    '  }',
    '}',
    '',
  ].join('\n');
}

function lineCount(text: string): number {
  return text.split('\n').length;
}
