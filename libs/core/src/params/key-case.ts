/**
 * Spec keys are camelCase (`idColumn`, `fallbackK`); the snake_case spelling (`id_column`, `fallback_k`) is
 * accepted as an alias. Model, sampler and survival-model parameters keep their libraries' names and are
 * never converted.
 */
export function camelCaseKey(key: string): string {
  return key.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `fallbackK` -> `fallback_k`, `nAlphas` -> `n_alphas` (the alias of a camelCase spec key). */
export function snakeCaseKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
