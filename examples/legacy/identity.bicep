param scopeFromPipeline string

// isolationScope only exists from API version 2024-11-30 on: here it does nothing.
// The directive below was written before isolationScope was added, and now silences nothing.
#disable-next-line isolation-scope-missing
resource legacy 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-legacy'
  location: 'uksouth'
  properties: {
    isolationScope: 'Regional'
  }
}

resource pipelineIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-pipeline'
  location: 'uksouth'
  properties: {
    isolationScope: scopeFromPipeline
  }
}
