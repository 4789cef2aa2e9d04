import { Module } from '@nestjs/common';
import { SurvivalResultsController } from './survival-results.controller';
import { SurvivalResultsService } from './survival-results.service';

/** Survival runs' results: leaderboards, records, curves, predictions and paired comparisons. */
@Module({
  controllers: [SurvivalResultsController],
  providers: [SurvivalResultsService],
  exports: [SurvivalResultsService],
})
export class SurvivalModule {}
