import { ParamRule, ParamSpec, Params, RadSweepInputError, resolveParams } from '@radsweep/core';
import { Sampler } from '../step';
import { checkSeed } from '../splitters/binary-labels';
import { Adasyn, AdasynParams } from './adasyn';
import { BorderlineSmote, BorderlineSmoteParams } from './borderline-smote';
import { RandomOverParams, RandomOverSampler } from './random-over-sampler';
import { RandomUnderParams, RandomUnderSampler } from './random-under-sampler';
import { Smote, SmoteParams } from './smote';

export const SAMPLER_IDS = ['none', 'smote', 'borderline_smote', 'adasyn', 'random_over', 'random_under'] as const;
export type SamplerId = (typeof SAMPLER_IDS)[number];

/** One entry of the sampler registry. */
export interface SamplerSpec extends ParamSpec {
  id: SamplerId;
  /** Human name, e.g. `SMOTE`. */
  label: string;
  /** imbalanced-learn class the sampler mirrors. */
  imblearn: string;
  /** Every accepted parameter with its default (imbalanced-learn 0.10's); checked by libs/core's `resolveParams`. */
  defaults: Readonly<Params>;
  rules: Readonly<Record<string, ParamRule>>;
  /** Checks `params` (unknown names and bad values are input errors), fills defaults, builds the sampler; null for 'none'. */
  create(params: Record<string, unknown>, seed: number): Sampler | null;
}

/** 'auto' or a minority/majority ratio in (0, 1] after resampling. */
const strategy: Record<string, ParamRule> = {
  sampling_strategy: {
    kind: 'anyOf',
    rules: [{ kind: 'enum', values: ['auto'] }, { kind: 'number', min: 0, exclusiveMin: true, max: 1 }],
    summary: "'auto' or a minority/majority ratio in (0, 1]",
  },
};
const neighbours: ParamRule = { kind: 'number', min: 1, integer: true };

function spec<P>(
  id: SamplerId,
  label: string,
  imblearn: string,
  defaults: Params,
  rules: Record<string, ParamRule>,
  build: ((params: P, seed: number) => Sampler) | null,
): SamplerSpec {
  const entry: SamplerSpec = {
    id,
    label,
    imblearn,
    defaults,
    rules,
    create(params, seed) {
      const resolved = resolveParams(entry, params, { kind: 'sampler', where: `sampler.${id}` });
      return build ? build(resolved as P, checkSeed(seed, `sampler.${id}.seed`)) : null;
    },
  };
  return entry;
}

/** id -> spec, in SAMPLER_IDS order: the experiment validator, the CLI and the engine read this one list. */
export const SAMPLER_REGISTRY: ReadonlyMap<SamplerId, SamplerSpec> = new Map<SamplerId, SamplerSpec>([
  ['none', spec('none', 'No resampling', '-', {}, {}, null)],
  ['smote', spec<SmoteParams>('smote', 'SMOTE', 'imblearn.over_sampling.SMOTE', { k_neighbors: 5, sampling_strategy: 'auto' }, { k_neighbors: neighbours, ...strategy }, (p, s) => new Smote(p, s))],
  [
    'borderline_smote',
    spec<BorderlineSmoteParams>(
      'borderline_smote',
      'Borderline-SMOTE',
      'imblearn.over_sampling.BorderlineSMOTE',
      { k_neighbors: 5, m_neighbors: 10, kind: 'borderline-1', sampling_strategy: 'auto' },
      { k_neighbors: neighbours, m_neighbors: neighbours, kind: { kind: 'enum', values: ['borderline-1', 'borderline-2'] }, ...strategy },
      (p, s) => new BorderlineSmote(p, s),
    ),
  ],
  ['adasyn', spec<AdasynParams>('adasyn', 'ADASYN', 'imblearn.over_sampling.ADASYN', { n_neighbors: 5, sampling_strategy: 'auto' }, { n_neighbors: neighbours, ...strategy }, (p, s) => new Adasyn(p, s))],
  ['random_over', spec<RandomOverParams>('random_over', 'Random over-sampling', 'imblearn.over_sampling.RandomOverSampler', { sampling_strategy: 'auto' }, strategy, (p, s) => new RandomOverSampler(p, s))],
  ['random_under', spec<RandomUnderParams>('random_under', 'Random under-sampling', 'imblearn.under_sampling.RandomUnderSampler', { sampling_strategy: 'auto' }, strategy, (p, s) => new RandomUnderSampler(p, s))],
]);

/** The sampler `id` with `params` (defaults filled in) and `seed`; null for 'none'. Unknown ids, parameter names or bad values are input errors. */
export function createSampler(id: SamplerId, params: Record<string, unknown>, seed: number): Sampler | null {
  const found = SAMPLER_REGISTRY.get(id);
  if (!found) throw new RadSweepInputError(`unknown sampler ${JSON.stringify(id)}; known: ${SAMPLER_IDS.join(', ')}`, 'sampler');
  return found.create(params ?? {}, seed);
}
