import { RadSweepInputError } from '../errors';
import { checkParam } from './check-param';
import type { ParamSpec, ParamValue, Params } from './param-rule';

/** How `resolveParams` names the thing whose parameters it checks. */
export interface ParamOwner {
  /** What the registry entry is, for messages: `model`, `sampler`, `step`, `survival model`. */
  kind: string;
  /** Key path of the parameters (a parameter's place is `<where>.<name>`); default: the entry's id. */
  where?: string;
}

/**
 * The one parameter checker: refuses an unknown name (listing the known ones), a value its rule refuses and a
 * missing required parameter, each by name; returns the parameters with every default filled in. A value
 * `undefined` counts as not given.
 */
export function resolveParams(spec: ParamSpec, params: Readonly<Record<string, unknown>>, owner: ParamOwner): Params {
  const base = owner.where ?? spec.id;
  const out: Params = { ...spec.defaults };
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue; // an optional field left out (JSON and YAML never hold undefined)
    const at = `${base}.${name}`;
    const rule = spec.rules[name];
    if (!rule) {
      const known = Object.keys(spec.rules);
      throw new RadSweepInputError(`unknown parameter '${name}' for ${owner.kind} '${spec.id}'; ${known.length ? `known: ${known.join(', ')}` : 'it takes none'}`, at);
    }
    checkParam(rule, value, at);
    out[name] = value as ParamValue;
  }
  for (const name of spec.required ?? []) {
    if (out[name] === undefined) throw new RadSweepInputError(`missing required parameter '${name}' for ${owner.kind} '${spec.id}'`, base);
  }
  return out;
}
