import { SurvivalModelSpec } from '../survival-model-spec';
import { RandomSurvivalForest, RandomSurvivalForestParams } from './random-survival-forest';

export * from './random-survival-forest';
export * from './survival-tree';
export * from './log-rank-split';

export const forestModels: SurvivalModelSpec[] = [
  {
    id: 'random_survival_forest',
    label: 'Random survival forest',
    reference: 'ranger::ranger(splitrule = "logrank")',
    defaults: { n_estimators: 500, mtry: null, min_node_size: 3, bootstrap: true },
    rules: {
      n_estimators: { kind: 'number', min: 1, integer: true },
      mtry: { kind: 'number', min: 1, integer: true, nullable: true },
      min_node_size: { kind: 'number', min: 1, integer: true },
      bootstrap: { kind: 'boolean' },
    },
    deterministic: false,
    conformanceParams: { n_estimators: 25 },
    notes: "Seeded with RadSweep's generator, not ranger's Mersenne Twister: the same settings give a forest of the same kind, compared with ranger on its C-index.",
    create: (p, seed) => new RandomSurvivalForest(p as RandomSurvivalForestParams, seed),
  },
];
