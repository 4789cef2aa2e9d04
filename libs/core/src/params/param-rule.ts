/** A parameter value: plain data, JSON-serialisable (models, samplers, steps and survival models alike). */
export type ParamValue = number | string | boolean | null | number[] | string[];
export type Params = Record<string, ParamValue>;

/**
 * How one parameter is checked at the edge (experiment validation, API, constructors): the one rule
 * vocabulary of classifiers, samplers, preprocessing steps and survival models (`checkParam` reads it).
 */
export type ParamRule =
  | { kind: 'number'; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; integer?: boolean; nullable?: boolean }
  | { kind: 'enum'; values: readonly ParamValue[] }
  | { kind: 'boolean' }
  /** A non-empty text, e.g. a column name. */
  | { kind: 'string' }
  | { kind: 'intArray'; minLength?: number; maxLength?: number; min?: number }
  /** A list of finite numbers, e.g. a voxel spacing (x y z): `length` exact when given, each value >= `min`. */
  | { kind: 'numberArray'; length?: number; min?: number }
  /** A list of non-empty texts, e.g. column names. */
  | { kind: 'stringArray' }
  /**
   * Accepts a value that passes any of the rules (e.g. null, 'auto' or a number in [0, 1]). `summary`, when
   * given, is the refusal's wording (`must be <summary>, got ...`) instead of each branch's reason.
   */
  | { kind: 'anyOf'; rules: readonly ParamRule[]; summary?: string };

/**
 * What the checker needs of a registry entry (a classifier's `ModelSpec`, a sampler's, a step's, a survival
 * model's): every accepted parameter's rule, the default of each one that has one, and those without a
 * default that must be given.
 */
export interface ParamSpec {
  /** Registry id, e.g. `lasso`, `smote`, `random_forest`. */
  id: string;
  /** Every accepted parameter with its default; a parameter in `required` has none. */
  defaults: Readonly<Params>;
  rules: Readonly<Record<string, ParamRule>>;
  /** Parameters with no default that must be given (e.g. combat's `batch`). */
  required?: readonly string[];
}
