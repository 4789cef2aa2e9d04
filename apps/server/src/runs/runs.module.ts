import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { ExperimentsModule } from '../experiments/experiments.module';
import { ProgressHub } from './progress-hub';
import { RunCurationController } from './run-curation.controller';
import { RunCurationService } from './run-curation.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

/** Runs: launch (tasks on the queue), progress and its event stream, cancel and resume; the runs list and its curation. */
@Module({
  imports: [DatasetsModule, ExperimentsModule, AuditModule],
  controllers: [RunsController, RunCurationController],
  providers: [RunsService, RunCurationService, ProgressHub],
  exports: [RunsService],
})
export class RunsModule {}
