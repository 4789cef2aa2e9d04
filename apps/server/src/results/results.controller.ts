import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { RadSweepInputError } from '@radsweep/core';
import type { Comparison, LeaderboardPage, ModelResultRecord, ResultsFile } from '@radsweep/api-contract';
import { CurrentUser, Principal } from '../auth/principal';
import { LeaderboardParams } from './results.dto';
import { idList } from '../http/id-list';
import { withNextCursor } from '../http/next-cursor';
import { ComparisonService } from './comparison.service';
import { PredictionsExport } from './predictions-export';
import { ResultsService } from './results.service';

@ApiTags('results')
@Controller()
export class ResultsController {
  constructor(
    private readonly results: ResultsService,
    private readonly comparison: ComparisonService,
    private readonly predictionsExport: PredictionsExport,
  ) {}

  /**
   * Across runs: filter by experiment, dataset (id or sha256), feature set, model; sort by any
   * metric (default: CV score); keyset-paged in the database (the next page: `?after=<X-Next-Cursor>`). Without a run, experiment or dataset id: every run the
   * caller may read (an admin: all).
   */
  @Get('leaderboard')
  async leaderboard(@CurrentUser() me: Principal | null, @Query() q: LeaderboardParams, @Res({ passthrough: true }) res: Response, @Req() req: Request): Promise<LeaderboardPage> {
    const { page, nextCursor } = await this.results.leaderboard({ ...q, offset: refusedOffset(req), readableBy: me && !me.isAdmin ? me.id : null });
    return withNextCursor(res, nextCursor, page);
  }

  /** One run's rows, paged as /leaderboard (the next page: `?after=<X-Next-Cursor>`). */
  @Get('runs/:id/leaderboard')
  async runLeaderboard(@Param('id') id: string, @Query() q: LeaderboardParams, @Res({ passthrough: true }) res: Response, @Req() req: Request): Promise<LeaderboardPage> {
    const { page, nextCursor } = await this.results.leaderboard({ ...q, offset: refusedOffset(req), runId: id });
    return withNextCursor(res, nextCursor, page);
  }

  /** One model's full record (every configuration's fold AUCs, CIs, curves, selected features, predictions). */
  @Get('results/:id')
  record(@Param('id') id: string): Promise<ModelResultRecord> {
    return this.results.modelRecord(id);
  }

  /**
   * `?models=a,b[,c]` (model result ids): the models side by side, deltas and DeLong's paired test against the
   * first; `?runs=a,b[,c]`: the same per feature set and model of the first run, against the first run's model.
   */
  @Get('compare')
  compare(@Query('runs') runs?: string, @Query('models') models?: string): Promise<Comparison> {
    if (models !== undefined && runs !== undefined) throw new RadSweepInputError('give runs or models, not both', 'runs');
    return models !== undefined ? this.comparison.compare({ models: idList(models) }) : this.comparison.compare({ runs: idList(runs ?? '') });
  }

  /** The results file, in the CLI's `--out` format. */
  @Get('runs/:id/results.json')
  @Header('Content-Type', 'application/json')
  exportJson(@Param('id') id: string): Promise<ResultsFile> {
    return this.results.export(id);
  }

  /** `?kind=test` (default): every test prediction; `?kind=oof`: every out-of-fold prediction of each model's best configuration; `?model=<result id>`: that model's only. */
  @Get('runs/:id/predictions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async predictions(@Param('id') id: string, @Res({ passthrough: true }) res: Response, @Query('kind') kind?: string, @Query('model') model?: string): Promise<string> {
    const { fileName, body } = await this.predictionsExport.csv({ runId: id, modelResultId: model || undefined }, kind);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return body;
  }
}

/** The old `offset` paging parameter as sent (read from the raw query: the DTO, which documents only the contract's fields, drops it), refused by leaderboardWindow. */
function refusedOffset(req: Request): string | undefined {
  const offset = req.query.offset;
  return offset === undefined ? undefined : String(offset);
}
