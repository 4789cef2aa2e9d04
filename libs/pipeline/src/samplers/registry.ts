import { RadSweepInputError } from '@radsweep/core';
import { Sampler } from '../step';
import { checkSeed } from '../splitters/binary-labels';
import { Adasyn, AdasynParams } from './adasyn';
import { BorderlineSmote, BorderlineSmoteParams } from './borderline-smote';
import { RandomOverParams, RandomOverSampler } from './random-over-sampler';
import { RandomUnderParams, RandomUnderSampler } from './random-under-sampler';
import { Smote, SmoteParams } from './smote';

export const SAMPLER_IDS = ['none', 'smote', 'borderline_smote', 'adasyn', 'random_over', 'random_under'] as const;
export type SamplerId = (typeof SAMPLER_IDS)[number];

/** How one sampler parameter is checked at the edge (experiment validation, API). */
export type SamplerParamRule =
  | { kind: 'integer'; min: number }
  | { kind: 'enum'; values: readonly string[] }
  /** 'auto' or a ratio in (0, 1]. */
  | { kind: 'strategy' };

/** One entry of the sampler registry. */
export interface SamplerSpec {
  id: SamplerId;
  /** Human name, e.g. `SMOTE`. */
  label: string;
  /** imbalanced-learn class the sampler mirrors. */
  imblearn: string;
  /** Every accepted parameter with its default (imbalanced-learn 0.10's). */
  defaults: Readonly<Record<string, number | string>>;
  rules: Readonly<Record<string, SamplerParamRule>>;
  /** Checks `params` (unknown names and bad values are input errors), fills defaults, builds the sampler; null for 'none'. */
  create(params: Record<string, unknown>, seed: number): Sampler | null;
}

const strategy = { sampling_strategy: { kind: 'strategy' } } as const;
const neighbours = { kind: 'integer', min: 1 } as const;

function spec<P>(
  id: SamplerId,
  label: string,
  imblearn: string,
  defaults: Record<string, number | string>,
  rules: Record<string, SamplerParamRule>,
  build: ((params: P, seed: number) => Sampler) | null,
): SamplerSpec {
  return {
    id,
    label,
    imblearn,
    defaults,
    rules,
    create(params, seed) {
      const resolved = resolveParams(id, defaults, rules, params);
      return build ? build(resolved as P, checkSeed(seed, `sampler.${id}.seed`)) : null;
    },
  };
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

function resolveParams(
  id: SamplerId,
  defaults: Record<string, number | string>,
  rules: Record<string, SamplerParamRule>,
  params: Record<string, unknown>,
): Record<string, number | string> {
  const out: Record<string, number | string> = { ...defaults };
  for (const [name, value] of Object.entries(params)) {
    const where = `sampler.${id}.${name}`;
    const rule = rules[name];
    if (!rule) {
      const known = Object.keys(rules);
      throw new RadSweepInputError(`unknown parameter ${JSON.stringify(name)} of sampler ${id}; ${known.length ? `known: ${known.join(', ')}` : 'it takes none'}`, where);
    }
    out[name] = checkParam(rule, value, where);
  }
  return out;
}

function checkParam(rule: SamplerParamRule, value: unknown, where: string): number | string {
  switch (rule.kind) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min) {
        throw new RadSweepInputError(`must be an integer >= ${rule.min}, got ${JSON.stringify(value)}`, where);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        throw new RadSweepInputError(`must be one of ${rule.values.join(', ')}, got ${JSON.stringify(value)}`, where);
      }
      return value;
    case 'strategy':
      if (value === 'auto' || (typeof value === 'number' && value > 0 && value <= 1)) return value;
      throw new RadSweepInputError(`must be 'auto' or a minority/majority ratio in (0, 1], got ${JSON.stringify(value)}`, where);
  }
}
