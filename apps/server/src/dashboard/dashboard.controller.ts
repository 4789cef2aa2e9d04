import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { RadSweepInputError } from '@radsweep/core';
import type { DashboardLeaderboardPage, ModelComparison, ModelView } from '@radsweep/api-contract';
import { CurrentUser, Principal } from '../auth/principal';
import { ComparisonService } from '../results/comparison.service';
import { PredictionsExport } from '../results/predictions-export';
import { idList } from '../http/id-list';
import { withNextCursor } from '../http/next-cursor';
import { DashboardLeaderboardQuery, DashboardService } from './dashboard.service';

function intParam(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new RadSweepInputError(`${name} must be an integer, got '${v}'`, name);
  return n;
}

/** The dashboard's read endpoints (under /api/dashboard): views shaped for the pages, computed on the server from stored results. */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly comparison: ComparisonService,
    private readonly predictionsExport: PredictionsExport,
  ) {}

  /**
   * Leaderboard rows with calibration slope, class balance, positive class and one-class flag (default order: CV score);
   * the comparison groups (dataset sha256, experiment, test patients, feature set) with the row chosen by CV in each; filter choices.
   * Keyset-paged in the database: the next page is `?after=<X-Next-Cursor>`.
   */
  @Get('leaderboard')
  async leaderboard(
    @CurrentUser() me: Principal | null,
    @Res({ passthrough: true }) res: Response,
    @Query('runId') runId?: string,
    @Query('experimentId') experimentId?: string,
    @Query('datasetSha256') datasetSha256?: string,
    @Query('featureSet') featureSet?: string,
    @Query('model') model?: string,
    @Query('sort') sort?: string,
    @Query('order') order?: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
    @Query('offset') offset?: string,
    @Query() curation: Pick<DashboardLeaderboardQuery, 'tag' | 'status' | 'archived' | 'minCvAuc' | 'maxCvAuc' | 'minTestAuc' | 'maxTestAuc' | 'params'> = {},
  ): Promise<DashboardLeaderboardPage> {
    // across runs: only the runs the caller may read (an admin: all)
    const readableBy = me && !me.isAdmin ? me.id : null;
    const { tag, status, archived, minCvAuc, maxCvAuc, minTestAuc, maxTestAuc, params } = curation;
    const { page, nextCursor } = await this.dashboard.leaderboard({
      ...{ runId, experimentId, datasetSha256, featureSet, model, sort, order, limit: intParam('limit', limit), after, offset, readableBy },
      ...{ tag, status, archived, minCvAuc, maxCvAuc, minTestAuc, maxTestAuc, params },
    });
    return withNextCursor(res, nextCursor, page);
  }

  /** One model's record, its run's settings and software, its decision curve and histogram of predicted probabilities. */
  @Get('results/:id')
  record(@Param('id') id: string): Promise<ModelView> {
    return this.dashboard.record(id);
  }

  /** One model's test predictions: the API's predictions export (`/runs/:id/predictions.csv?model=`) of that model. */
  @Get('results/:id/predictions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async predictions(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { fileName, body } = await this.predictionsExport.csv({ modelResultId: id });
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return body;
  }

  /** `?ids=a,b[,c]`: an alias of the API's `/compare?models=a,b[,c]` (the same service method). */
  @Get('compare')
  compare(@Query('ids') ids = ''): Promise<ModelComparison> {
    return this.comparison.compare({ models: idList(ids) });
  }
}
