import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { ExperimentsModule } from '../experiments/experiments.module';
import { ExternalValidationsService } from './external-validations.service';
import { LockedModelsController } from './locked-models.controller';
import { LockedModelsService } from './locked-models.service';

/** Locked models (a run's refit, frozen with its preprocessing) and their external validations on other cohorts. */
@Module({
  imports: [DatasetsModule, ExperimentsModule, AuditModule],
  controllers: [LockedModelsController],
  providers: [LockedModelsService, ExternalValidationsService],
})
export class LockedModule {}
