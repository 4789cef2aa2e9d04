import { Injectable } from '@nestjs/common';
import { OOF_PREDICTIONS_CSV_COLUMNS, TEST_PREDICTIONS_CSV_COLUMNS } from '@radsweep/api-contract';
import { DataSource } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { isUuid } from '../datasets/datasets.service';
import { NotFoundError } from '../http/not-found.error';
import { csvCell } from './csv-cell';

/** Whose predictions: a run's models (optionally one of them), or one model result. */
export type PredictionsOf = { runId: string; modelResultId?: string } | { modelResultId: string };

/** A CSV file: its download name and its text. */
export interface CsvFile {
  fileName: string;
  body: string;
}

/**
 * THE predictions export (the API's `/runs/:id/predictions.csv` and the
 * dashboard's per-model download): one query, one layout. `test` (default):
 * `feature_set,model,id,label,probability` of every test patient; `oof`:
 * `feature_set,model,fold,id,label,probability` of every training patient in
 * each CV split, from each model's best configuration. Cells a spreadsheet
 * would run as formulas are neutralised (csvCell).
 */
@Injectable()
export class PredictionsExport {
  constructor(private readonly db: DataSource) {}

  async csv(of: PredictionsOf, kind = 'test'): Promise<CsvFile> {
    if (kind !== 'test' && kind !== 'oof') throw new RadSweepInputError(`kind must be 'test' or 'oof', got '${kind}'`, 'kind');
    const runId = 'runId' in of ? of.runId : null;
    const modelResultId = of.modelResultId ?? null;
    if (runId !== null && !(isUuid(runId) && (await this.db.query(`SELECT 1 FROM "runs" WHERE "id" = $1`, [runId])).length)) throw new NotFoundError('run', runId);
    if (modelResultId !== null && !isUuid(modelResultId)) throw new NotFoundError('model result', modelResultId);
    const rows: { run_id: string; feature_set: string; model: string; ids: string[] | null; labels: number[]; probabilities: number[]; folds: number[] | null }[] = await this.db.query(
      `SELECT m."run_id", m."feature_set", m."model", p."ids", p."labels", p."probabilities", p."folds"
         FROM "model_results" m JOIN "feature_set_results" f ON f."id" = m."feature_set_result_id"
         LEFT JOIN "prediction_sets" p ON p."model_result_id" = m."id" AND p."kind" = $3
        WHERE ($1::uuid IS NULL OR m."run_id" = $1::uuid) AND ($2::uuid IS NULL OR m."id" = $2::uuid)
        ORDER BY f."position", m."position"`,
      [runId, modelResultId, kind],
    );
    if (modelResultId !== null && rows.length === 0) throw new NotFoundError('model result', modelResultId);
    const oof = kind === 'oof';
    const lines = [(oof ? OOF_PREDICTIONS_CSV_COLUMNS : TEST_PREDICTIONS_CSV_COLUMNS).join(',')];
    for (const r of rows) {
      const head = [csvCell(r.feature_set), csvCell(r.model)];
      r.ids?.forEach((id, i) => lines.push([...head, ...(oof ? [r.folds![i]] : []), csvCell(id), r.labels[i], r.probabilities[i]].join(',')));
    }
    const run = (runId ?? rows[0]?.run_id ?? '').slice(0, 8);
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
    const model = modelResultId !== null && rows[0] ? `-${safe(rows[0].feature_set)}-${safe(rows[0].model)}` : '';
    return { fileName: `${run}${model}-${oof ? 'oof-' : ''}predictions.csv`, body: lines.join('\n') + '\n' };
  }
}
