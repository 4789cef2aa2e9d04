import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SurvivalCompareResponse, SurvivalLeaderboardResponse, SurvivalModelRecord } from '@radsweep/api-contract';
import { SurvivalCompareParams, SurvivalEndpointParams, SurvivalLeaderboardParams } from './survival.dto';
import { SurvivalResultsService } from './survival-results.service';

@ApiTags('survival results')
@Controller()
export class SurvivalResultsController {
  constructor(private readonly results: SurvivalResultsService) {}

  /** One leaderboard per survival endpoint of the run (`?endpoint=` one of them, `?params=` conditions on the chosen hyper-parameters); best by mean CV C-index only. */
  @Get('runs/:id/survival/leaderboard')
  leaderboard(@Param('id') id: string, @Query() q: SurvivalLeaderboardParams): Promise<SurvivalLeaderboardResponse> {
    return this.results.leaderboard(id, q.endpoint, q.params);
  }

  /** The leaderboards as CSV: a row per endpoint x feature set x model (see the service for the columns). */
  @Get('runs/:id/survival/leaderboard.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  leaderboardCsv(@Param('id') id: string, @Query() q: SurvivalEndpointParams): Promise<string> {
    return this.results.leaderboardCsv(id, q.endpoint);
  }

  /** Every test patient's linear predictor and predicted survival at each horizon, as CSV. */
  @Get('runs/:id/survival/predictions.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  predictions(@Param('id') id: string, @Query() q: SurvivalEndpointParams): Promise<string> {
    return this.results.predictionsCsv(id, q.endpoint);
  }

  /** One survival model's record: configurations, risk-group KM curves, td-AUC over time, calibration, decision curves, predictions. */
  @Get('survival/results/:id')
  record(@Param('id') id: string): Promise<SurvivalModelRecord> {
    return this.results.record(id);
  }

  /** `?a=&b=[&resamples=2000&seed=1]`: Harrell's C difference of two models of one comparison group, with a seeded paired bootstrap. */
  @Get('survival/compare')
  compare(@Query() q: SurvivalCompareParams): Promise<SurvivalCompareResponse> {
    return this.results.compare(q.a, q.b, q.resamples, q.seed);
  }
}
