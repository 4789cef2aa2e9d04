import { Module } from '@nestjs/common';
import { ResultsModule } from '../results/results.module';
import { ChecklistController } from './checklist.controller';
import { ChecklistService } from './checklist.service';

/** A run's reporting checklist (TRIPOD+AI, CLAIM) as JSON, Markdown and HTML. */
@Module({
  imports: [ResultsModule],
  controllers: [ChecklistController],
  providers: [ChecklistService],
})
export class ReportingModule {}
