export { CombatStep, harmoniseNewBatch, type CombatStepOptions } from './combat-step';
export { fitCombat, applyCombat, estimateNewBatch, DEFAULT_COMBAT_OPTIONS, type CombatModel, type CombatOptions, type BatchParameters } from './combat-model';
export { NO_COVARIATES, type CombatCovariates } from './combat-design';
export { combatModelToJson, combatModelFromJson, type CombatModelJson } from './combat-state';
