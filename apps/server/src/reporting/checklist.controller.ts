import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RunChecklistsResponse } from '@radsweep/api-contract';
import { ChecklistService } from './checklist.service';

/** A run's TRIPOD+AI and CLAIM checklists: JSON for the dashboard, Markdown and a printable HTML page to export. */
@ApiTags('reporting')
@Controller('runs/:id')
export class ChecklistController {
  constructor(private readonly checklists: ChecklistService) {}

  @Get('checklist')
  json(@Param('id') id: string): Promise<RunChecklistsResponse> {
    return this.checklists.forRun(id);
  }

  @Get('checklist.md')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  markdown(@Param('id') id: string): Promise<string> {
    return this.checklists.markdown(id);
  }

  @Get('checklist.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  html(@Param('id') id: string): Promise<string> {
    return this.checklists.html(id);
  }
}
