export * from './design';
export { parseDesign, safeParseDesign, migrateDesign, checkReferences, formatPath, zodToInputError } from './parse';
export { MIGRATIONS } from './migrations';
export { replicationOf, groupMultipliers } from './replication';
