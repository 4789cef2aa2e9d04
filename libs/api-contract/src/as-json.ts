/**
 * A type of the engine as JSON.stringify writes it: a non-finite number (the engine's NaN for an undefined
 * metric) becomes null, so every `number` may be null (numeric literal types stay); typed arrays become arrays.
 * Lets the contract derive a report's wire type from the engine's type instead of restating it.
 */
export type AsJson<T> = T extends number
  ? number extends T
    ? number | null
    : T
  : T extends string | boolean | null | undefined
    ? T
    : T extends ArrayBufferView & ArrayLike<number>
      ? (number | null)[]
      : T extends readonly (infer E)[]
        ? AsJson<E>[]
        : T extends object
          ? { [K in keyof T]: AsJson<T[K]> }
          : T;
