import { Module } from '@nestjs/common';
import { SurvivalModule } from '../survival/survival.module';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

/** Classification runs' results: leaderboards, records, compare and the exports (a survival run's export included). */
@Module({
  imports: [SurvivalModule],
  controllers: [ResultsController],
  providers: [ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}
