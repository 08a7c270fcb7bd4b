export * from './design';
export { parseDesign, safeParseDesign, migrateDesign, checkReferences, formatPath, zodToInputError } from './parse';
export { MIGRATIONS } from './migrations';
export { replicationOf, groupMultipliers } from './replication';
export { generateDesign, GENERATOR_DEFAULTS, type GenerateParams } from './generate';
export { scenarioFromJson, scenarioToDesign, ScenarioSchema, type Scenario } from './scenario';
export { TEMPLATES, templateById, type Template } from './templates';
