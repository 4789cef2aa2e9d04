import { UnprocessableEntityException } from '@nestjs/common';
import { MODEL_REGISTRY } from '@radsweep/classifiers';

/**
 * One condition on a model's chosen hyper-parameters (its `best_params`, the
 * configuration the grid search chose by CV): `C>=0.1`, `max_depth<=5`,
 * `penalty=l1`, `max_depth=null`. A row without the parameter, or with a
 * non-number where a bound is asked, does not match.
 */
export interface ParamCondition {
  name: string;
  op: '>=' | '<=' | '=';
  /** A number for `>=` / `<=`; for `=` a number, text, true/false or null (JSON equality). */
  value: number | string | boolean | null;
}

export const PARAM_FILTER_SYNTAX = 'conditions separated by commas, each name>=number, name<=number or name=value (e.g. C>=0.1,C<=10,max_depth<=5,penalty=l1)';

const CONDITION = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|=)\s*(.*?)\s*$/;

/** A model registry by id with each model's hyper-parameter rules: the classifiers' (the default) or the survival models'. */
export type ParamRegistry = ReadonlyMap<string, { id: string; rules: Record<string, unknown> }>;

/** Every hyper-parameter name of the registries, and the models taking each (built once per set of registries). */
const knownNames = new Map<string, Map<string, string[]>>();
function known(registries: readonly ParamRegistry[]): Map<string, string[]> {
  const key = registries.map((r) => [...r.keys()].join(',')).join(';');
  let names = knownNames.get(key);
  if (!names) {
    names = new Map<string, string[]>();
    for (const registry of registries) for (const spec of registry.values()) for (const name of Object.keys(spec.rules)) names.set(name, [...(names.get(name) ?? []), spec.id]);
    knownNames.set(key, names);
  }
  return names;
}

/**
 * The `params` filter's conditions (one text of comma-separated conditions, or
 * several), checked at the edge: a malformed condition, a bound that is not a
 * number, or a name no model of the registries takes (with `model`: that the
 * model does not take) is a 422 naming it. The registries: the classifiers' for
 * the binary leaderboards; the survival leaderboard adds the survival models'.
 */
export function parseParamFilter(params: string | string[] | undefined, model?: string, registries: readonly ParamRegistry[] = [MODEL_REGISTRY]): ParamCondition[] {
  if (params === undefined) return [];
  const texts = (Array.isArray(params) ? params : [params]).flatMap((p) => String(p).split(',')).filter((t) => t.trim() !== '');
  return texts.map((text) => {
    const m = CONDITION.exec(text);
    if (!m || m[3] === '') throw new UnprocessableEntityException(`params: '${text.trim()}' is not a condition; give ${PARAM_FILTER_SYNTAX}`);
    const [, name, op, raw] = m;
    const takers = known(registries).get(name);
    if (!takers) throw new UnprocessableEntityException(`params: unknown hyper-parameter '${name}': no model of the registry takes it`);
    const spec = model ? registries.map((r) => r.get(model)).find((s) => s) : undefined;
    if (spec && !(name in spec.rules)) {
      throw new UnprocessableEntityException(`params: model '${model}' has no hyper-parameter '${name}'; its hyper-parameters: ${Object.keys(spec.rules).join(', ')}`);
    }
    const value = valueOf(raw);
    if (op !== '=' && (typeof value !== 'number' || !Number.isFinite(value))) throw new UnprocessableEntityException(`params: the bound of '${name}${op}' must be a number, got '${raw}'`);
    return { name, op: op as ParamCondition['op'], value };
  });
}

/** `null`, `true`, `false`, a number, or else the text itself. */
function valueOf(raw: string): ParamCondition['value'] {
  if (raw === 'null') return null;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

/**
 * A condition as SQL on the jsonb `column` (e.g. `m.best_params`); `bind` adds a
 * query parameter and returns its placeholder. The cast to float8 only of a JSON
 * number (a CASE, since AND does not guarantee the order of evaluation).
 */
export function paramConditionSql(c: ParamCondition, column: string, bind: (value: unknown) => string): string {
  const name = bind(c.name);
  if (c.op === '=') return `${column}->${name}::text = ${bind(JSON.stringify(c.value))}::jsonb`;
  return `(CASE WHEN jsonb_typeof(${column}->${name}::text) = 'number' THEN (${column}->>${name}::text)::float8 END) ${c.op} ${bind(c.value)}::float8`;
}
