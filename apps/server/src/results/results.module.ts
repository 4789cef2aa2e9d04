import { Module } from '@nestjs/common';
import { SurvivalModule } from '../survival/survival.module';
import { ResultsController } from './results.controller';
import { ComparisonService } from './comparison.service';
import { PredictionsExport } from './predictions-export';
import { ResultsService } from './results.service';

/** Classification runs' results: leaderboards, records, compare and the exports (a survival run's export included). */
@Module({
  imports: [SurvivalModule],
  controllers: [ResultsController],
  providers: [ResultsService, ComparisonService, PredictionsExport],
  exports: [ResultsService, ComparisonService, PredictionsExport],
})
export class ResultsModule {}
