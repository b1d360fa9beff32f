/**
 * Where resources refer to a user-assigned identity outside `identity.userAssignedIdentities`.
 * One place, as data: resource type (case-insensitive, '*' for any), property path ('[]' walks an
 * array), how the id is written, and whether the identity may live in another region on purpose.
 */
export interface IdentityReferenceSite {
  readonly resourceType: string;
  readonly path: readonly string[];
  /** A prefix written before the id in the value ('UserAssignedIdentity=' for Cosmos DB). */
  readonly valuePrefix?: string;
  /** The identity belongs to another region by design (geo-backup encryption in the paired region). */
  readonly crossRegionAllowed?: boolean;
  readonly description: string;
}

export const IDENTITY_REFERENCE_SITES: readonly IdentityReferenceSite[] = [
  { resourceType: 'Microsoft.ContainerService/managedClusters', path: ['properties', 'identityProfile', 'kubeletidentity', 'resourceId'], description: 'AKS kubelet identity' },
  { resourceType: '*', path: ['properties', 'encryption', 'identity', 'userAssignedIdentity'], description: 'customer-managed key encryption identity' },
  { resourceType: 'Microsoft.Web/sites', path: ['properties', 'keyVaultReferenceIdentity'], description: 'App Service Key Vault reference identity' },
  { resourceType: 'Microsoft.Web/sites/slots', path: ['properties', 'keyVaultReferenceIdentity'], description: 'App Service Key Vault reference identity' },
  { resourceType: 'Microsoft.App/containerApps', path: ['properties', 'configuration', 'registries', '[]', 'identity'], description: 'Container Apps registry identity' },
  { resourceType: 'Microsoft.App/containerApps', path: ['properties', 'configuration', 'secrets', '[]', 'identity'], description: 'Container Apps Key Vault secret identity' },
  { resourceType: 'Microsoft.App/jobs', path: ['properties', 'configuration', 'registries', '[]', 'identity'], description: 'Container Apps job registry identity' },
  { resourceType: 'Microsoft.App/jobs', path: ['properties', 'configuration', 'secrets', '[]', 'identity'], description: 'Container Apps job Key Vault secret identity' },
  { resourceType: 'Microsoft.Sql/servers', path: ['properties', 'primaryUserAssignedIdentityId'], description: 'SQL server primary identity' },
  { resourceType: 'Microsoft.Sql/managedInstances', path: ['properties', 'primaryUserAssignedIdentityId'], description: 'SQL managed instance primary identity' },
  { resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers', path: ['properties', 'dataEncryption', 'primaryUserAssignedIdentityId'], description: 'PostgreSQL data encryption identity' },
  { resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers', path: ['properties', 'dataEncryption', 'geoBackupUserAssignedIdentityId'], crossRegionAllowed: true, description: 'PostgreSQL geo-backup encryption identity (paired region)' },
  { resourceType: 'Microsoft.DBforMySQL/flexibleServers', path: ['properties', 'dataEncryption', 'primaryUserAssignedIdentityId'], description: 'MySQL data encryption identity' },
  { resourceType: 'Microsoft.DBforMySQL/flexibleServers', path: ['properties', 'dataEncryption', 'geoBackupUserAssignedIdentityId'], crossRegionAllowed: true, description: 'MySQL geo-backup encryption identity (paired region)' },
  { resourceType: 'Microsoft.DocumentDB/databaseAccounts', path: ['properties', 'defaultIdentity'], valuePrefix: 'UserAssignedIdentity=', description: 'Cosmos DB default identity' },
  { resourceType: 'Microsoft.ContainerInstance/containerGroups', path: ['properties', 'imageRegistryCredentials', '[]', 'identity'], description: 'container group registry identity' },
  { resourceType: 'Microsoft.EventGrid/eventSubscriptions', path: ['properties', 'deliveryWithResourceIdentity', 'identity', 'userAssignedIdentity'], description: 'Event Grid delivery identity' },
  { resourceType: 'Microsoft.EventGrid/eventSubscriptions', path: ['properties', 'deadLetterWithResourceIdentity', 'identity', 'userAssignedIdentity'], description: 'Event Grid dead-letter identity' },
  { resourceType: 'Microsoft.EventGrid/systemTopics/eventSubscriptions', path: ['properties', 'deliveryWithResourceIdentity', 'identity', 'userAssignedIdentity'], description: 'Event Grid delivery identity' },
  { resourceType: 'Microsoft.EventGrid/topics/eventSubscriptions', path: ['properties', 'deliveryWithResourceIdentity', 'identity', 'userAssignedIdentity'], description: 'Event Grid delivery identity' },
];

export function referenceSitesFor(resourceType: string): readonly IdentityReferenceSite[] {
  const type = resourceType.toLowerCase();
  return IDENTITY_REFERENCE_SITES.filter((site) => site.resourceType === '*' || site.resourceType.toLowerCase() === type);
}
