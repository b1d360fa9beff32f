param regions array = [
  'westeurope'
  'northeurope'
]

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = [for region in regions: {
  name: 'id-orders-${region}'
  location: region
  properties: {
    isolationScope: 'Regional'
  }
}]

resource apps 'Microsoft.Web/sites@2023-12-01' = [for (region, i) in regions: {
  name: 'app-orders-${region}'
  location: region
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities[i].id}': {}
    }
  }
}]
