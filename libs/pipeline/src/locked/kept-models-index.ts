/**
 * The `keptModels` entry of a results file written by `radsweep run --keep-models <dir>`: one file per
 * model with a refit (its fitted preprocessing and model state), for `radsweep lock`.
 */
export interface KeptModelsIndex {
  /** The folder, relative to the results file's folder. */
  dir: string;
  files: KeptModelEntry[];
}

export interface KeptModelEntry {
  /** Survival runs: the endpoint's name. */
  endpoint?: string;
  featureSet: string;
  model: string;
  /** Relative to `dir`. */
  file: string;
  /** sha256 of the file's bytes. */
  sha256: string;
}
