// Regenerates server/src/engine/data/identity-types.json: the facts about
// Microsoft.ManagedIdentity/userAssignedIdentities that the rules need, written in the
// @azure/bicep-types format so that a fuller type index (Bicep's own) can replace it.
// Facts (Azure REST API specs and Bicep's type data):
// - isolationScope ('None' | 'Regional') exists from API version 2024-11-30 on;
// - Bicep's type data marks `properties` read-only up to 2025-01-31-preview (BCP073 when set).
const { TypeFactory, ObjectTypePropertyFlags, ScopeType, writeTypesJson } = require('@azure/bicep-types');
const fs = require('fs');
const path = require('path');

const versions = [
  { version: '2018-11-30', isolationScope: false, propertiesReadOnly: true },
  { version: '2022-01-31-preview', isolationScope: false, propertiesReadOnly: true },
  { version: '2023-01-31', isolationScope: false, propertiesReadOnly: true },
  { version: '2023-07-31-preview', isolationScope: false, propertiesReadOnly: true },
  { version: '2024-11-30', isolationScope: true, propertiesReadOnly: true },
  { version: '2025-01-31-preview', isolationScope: true, propertiesReadOnly: true },
  { version: '2025-05-31-preview', isolationScope: true, propertiesReadOnly: false },
  { version: '2026-04-30', isolationScope: true, propertiesReadOnly: false },
  { version: '2026-05-31', isolationScope: true, propertiesReadOnly: false },
];

const factory = new TypeFactory();
const stringType = factory.addStringType();
const scopeType = factory.addUnionType([factory.addStringLiteralType('None'), factory.addStringLiteralType('Regional')]);
for (const { version, isolationScope, propertiesReadOnly } of versions) {
  const propertyTypes = {
    tenantId: { type: stringType, flags: ObjectTypePropertyFlags.ReadOnly },
    principalId: { type: stringType, flags: ObjectTypePropertyFlags.ReadOnly },
    clientId: { type: stringType, flags: ObjectTypePropertyFlags.ReadOnly },
  };
  if (isolationScope) propertyTypes.isolationScope = { type: scopeType, flags: ObjectTypePropertyFlags.None };
  const properties = factory.addObjectType(`UserAssignedIdentityProperties@${version}`, propertyTypes);
  const body = factory.addObjectType(`Microsoft.ManagedIdentity/userAssignedIdentities@${version}`, {
    name: { type: stringType, flags: ObjectTypePropertyFlags.Required | ObjectTypePropertyFlags.Identifier },
    location: { type: stringType, flags: ObjectTypePropertyFlags.None },
    properties: { type: properties, flags: propertiesReadOnly ? ObjectTypePropertyFlags.ReadOnly : ObjectTypePropertyFlags.None },
  });
  factory.addResourceType(`Microsoft.ManagedIdentity/userAssignedIdentities@${version}`, body, ScopeType.ResourceGroup, ScopeType.ResourceGroup);
}
const target = path.join(__dirname, '..', 'server', 'src', 'engine', 'data', 'identity-types.json');
fs.writeFileSync(target, JSON.stringify(JSON.parse(writeTypesJson(factory.types)), null, 1) + '\n');
console.log(`wrote ${path.relative(process.cwd(), target)} (${factory.types.length} types)`);
