import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { LeaderboardPage, ModelResultRecord, ResultsFile, RunComparison } from '@radsweep/api-contract';
import { CurrentUser, Principal } from '../auth/principal';
import { LeaderboardParams } from '../http/dto';
import { ResultsService } from './results.service';

@ApiTags('results')
@Controller()
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  /**
   * Across runs: filter by experiment, dataset (id or sha256), feature set, model; sort by any
   * metric (default: CV score); paged. Without a run, experiment or dataset id: every run the
   * caller may read (an admin: all).
   */
  @Get('leaderboard')
  leaderboard(@CurrentUser() me: Principal | null, @Query() q: LeaderboardParams): Promise<LeaderboardPage> {
    return this.results.leaderboard({ ...q, readableBy: me && !me.isAdmin ? me.id : null });
  }

  @Get('runs/:id/leaderboard')
  runLeaderboard(@Param('id') id: string, @Query() q: LeaderboardParams): Promise<LeaderboardPage> {
    return this.results.leaderboard({ ...q, runId: id });
  }

  /** One model's full record (every configuration's fold AUCs, CIs, curves, selected features, predictions). */
  @Get('results/:id')
  record(@Param('id') id: string): Promise<ModelResultRecord> {
    return this.results.modelRecord(id);
  }

  /** `?runs=a,b[,c]`: metric deltas against the first run and DeLong's paired test on shared test patients. */
  @Get('compare')
  compare(@Query('runs') runs = ''): Promise<RunComparison> {
    return this.results.compare(runs.split(',').map((s) => s.trim()).filter(Boolean));
  }

  /** The results file, in the CLI's `--out` format. */
  @Get('runs/:id/results.json')
  @Header('Content-Type', 'application/json')
  exportJson(@Param('id') id: string): Promise<ResultsFile> {
    return this.results.export(id);
  }

  /** `?kind=test` (default): every test prediction; `?kind=oof`: every out-of-fold prediction of each model's best configuration. */
  @Get('runs/:id/predictions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  predictions(@Param('id') id: string, @Query('kind') kind?: string): Promise<string> {
    return this.results.predictionsCsv(id, kind);
  }
}
