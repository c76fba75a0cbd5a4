// What lib/migration.ts and lambda/run-migration.ts agree on. No imports: the CDK app loads this
// without loading the handler (and its AWS SDK client).

/** The custom resource's properties (lib/migration.ts). */
export interface MigrationProps {
  ClusterArn: string;
  TaskDefinitionArn: string;
  ContainerName: string;
  Subnets: string[];
  SecurityGroups: string[];
}

/** A stable id: an update never replaces (and so never "deletes") the resource. */
export const PHYSICAL_RESOURCE_ID = "cruddur-db-migration";
/** Environment of the onEvent function: how long the task may run before it is stopped. */
export const TIMEOUT_ENV = "MIGRATION_TIMEOUT_SECONDS";
