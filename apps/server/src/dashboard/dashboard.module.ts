import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ComparisonService } from '../results/comparison.service';
import { PredictionsExport } from '../results/predictions-export';
import { DashboardAssets } from './dashboard-assets';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/**
 * The dashboard: its single-page app at `/` (static files, outside the /api
 * prefix, so mounted on the HTTP adapter directly) and its read endpoints under
 * /api/dashboard.
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardController],
      providers: [{ provide: DataSource, useValue: dataSource }, DashboardService, ComparisonService, PredictionsExport],
    };
  }

  onModuleInit(): void {
    this.host.httpAdapter.getInstance().use(new DashboardAssets().handle);
  }
}
