import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ResultsModule } from '../results/results.module';
import { DashboardAssets } from './dashboard-assets';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/**
 * The dashboard: its single-page app at `/` (static files, outside the /api
 * prefix, so mounted on the HTTP adapter directly) and its read endpoints under
 * /api/dashboard.
 */
@Module({
  imports: [ResultsModule], // the one comparison and predictions export
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    this.host.httpAdapter.getInstance().use(new DashboardAssets().handle);
  }
}
