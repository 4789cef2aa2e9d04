/**
 * The binary leaderboard's responses (GET /api/leaderboard, /api/runs/:id/leaderboard and the
 * dashboard's /api/dashboard/leaderboard), as JSON. Types only: the server and the dashboard import them.
 */

/**
 * A comparison group: rows of one dataset (sha256), experiment version, test
 * patients and feature set. Only inside a group are models ranked against each
 * other and one chosen ("best", by CV); the class balance is the group's.
 */
export interface ComparisonGroup {
  key: string;
  datasetSha256: string;
  /** The file name the run read (its results header's dataset path; a reviewer may see it, unlike the dataset row). */
  datasetName: string;
  experimentId: string;
  experiment: string;
  /** First 12 hex digits of the md5 of the sorted test ids: equal for runs tested on the same patients. */
  testSet: string;
  featureSet: string;
  rows: number;
  /** The row chosen by CV, or null when no row has a CV score. */
  bestId: string | null;
  classBalance: { train: { n: number; positives: number }; test: { n: number; positives: number } } | null;
  positiveClass: string | number | null;
}

export interface LeaderboardRow {
  id: string;
  runId: string;
  experimentId: string;
  datasetId: string;
  datasetSha256: string;
  /** The test patients' fingerprint (see ComparisonGroup.testSet). */
  testSet: string;
  /** The row's comparison group (ComparisonGroup.key). */
  group: string;
  /** Rank by CV score within the group (1 = chosen); null without a CV score. */
  cvRank: number | null;
  /** Chosen by CV within its group: the model whose test metrics estimate performance on new patients. */
  best: boolean;
  featureSet: string;
  model: string;
  label: string;
  bestParams: Record<string, unknown> | null;
  cvAuc: number | null;
  cvAucSd: number | null;
  testAuc: number | null;
  testAucLower: number | null;
  testAucUpper: number | null;
  accuracy: number | null;
  recall: number | null;
  specificity: number | null;
  f1: number | null;
  brier: number | null;
  error: string | null;
}

/** A row of the dashboard's leaderboard: the API's row plus what a reviewer needs beside it. */
export interface DashboardLeaderboardRow extends Omit<LeaderboardRow, 'datasetId'> {
  /** `name vN` of the experiment version. */
  experiment: string;
  createdAt: string;
  calibrationSlope: number | null;
  /** Why the calibration slope is undefined (null in the row then), from the results' `calibrationUndefined`; null when defined or not recorded. */
  calibrationUndefined: { slope: string | null; intercept: string | null } | null;
  /** The class predicted for every test patient, or null. */
  singleClassPrediction: 0 | 1 | null;
  classBalance: { train: { n: number; positives: number }; test: { n: number; positives: number } };
  positiveClass: string | number | null;
}

/**
 * Query of GET /api/leaderboard and /api/runs/:id/leaderboard: filters, sort (any metric; default the CV score
 * that chooses models), order and paging, and the run-curation filters.
 */
export interface LeaderboardQuery {
  experimentId?: string;
  datasetId?: string;
  runId?: string;
  /** sha256 of the dataset's file: runs on every upload of the same data. */
  datasetSha256?: string;
  featureSet?: string;
  model?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  /** The previous page's X-Next-Cursor header (NEXT_CURSOR_HEADER). */
  after?: string;
  tag?: string;
  status?: string;
  archived?: string;
  minCvAuc?: number;
  maxCvAuc?: number;
  minTestAuc?: number;
  maxTestAuc?: number;
  /** Rows whose chosen hyper-parameters meet every condition, comma-separated: `name>=number`, `name<=number` or `name=value` (repeatable). */
  params?: string | string[];
}

/** How rows rank and the best is chosen (by CV), with the sentence saying what the test columns are. */
export interface LeaderboardRanking {
  sort: 'cvAuc';
  scoring: 'roc_auc';
  note: string;
}

/**
 * A leaderboard page: rows sorted (default: by CV score), the comparison groups they belong to, how rows are ranked.
 * The next page's cursor is the X-Next-Cursor header (NEXT_CURSOR_HEADER; absent on the last page).
 */
export interface LeaderboardPage<Row = LeaderboardRow> {
  /** Rows matching the filters, on every page. */
  total: number;
  limit: number;
  sort: string;
  order: 'asc' | 'desc';
  ranking: LeaderboardRanking;
  /** Comparison groups (dataset sha256, experiment, test patients, feature set), each with its row chosen by CV. */
  groups: ComparisonGroup[];
  /** Set when the rows come from more than one test set. */
  note: string | null;
  items: Row[];
}

/** GET /api/dashboard/leaderboard: the page with the dashboard's rows and the filter choices. */
export interface DashboardLeaderboardPage extends LeaderboardPage<DashboardLeaderboardRow> {
  featureSets: string[];
  models: { id: string; label: string }[];
  datasets: { sha256: string; name: string }[];
  experiments: { id: string; label: string }[];
}
