@description('Region of the web tier.')
param location string = 'westeurope'

@allowed(['None', 'Regional'])
param workerIsolation string = 'None'

// Created before isolationScope existed: usable from every region.
resource webIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-web-weu'
  location: location
}

resource workerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-worker-weu'
  location: location
  properties: {
    isolationScope: workerIsolation
  }
}

resource apiIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2026-05-31' = {
  name: 'id-api-weu'
  location: location
  properties: {
    isolationScope: 'Regional'
  }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-web-weu'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${webIdentity.id}': {}
    }
  }
}

// The API moved to East US but still uses the West Europe identity: Azure rejects this.
resource api 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-api-eus'
  location: 'East US'
  identity: {
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: {
      '${apiIdentity.id}': {}
    }
  }
}
