import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEntry, Project, ProjectListItem, ProjectMember, RunShare } from '@radsweep/api-contract';
import { AuditService } from '../audit/audit.service';
import { AuditPageQuery, MemberBody, MemberByNameBody, ProjectBody } from './projects.dto';
import { AccessRequest, CurrentUser, Principal } from '../auth/principal';
import { pageBody } from '../http/next-cursor';
import { ProjectsService } from './projects.service';

/** Projects, members and the audit log (who may call what: auth/access-policy.ts). */
@ApiTags('projects')
@Controller()
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly audit: AuditService,
  ) {}

  @Post('projects')
  create(@CurrentUser() me: Principal, @Body() body: ProjectBody): Promise<Project> {
    return this.projects.create(me, body.name, body.description ?? null);
  }

  @Get('projects')
  list(@CurrentUser() me: Principal): Promise<ProjectListItem[]> {
    return this.projects.listFor(me);
  }

  @Get('projects/:id')
  show(@Param('id') id: string): Promise<Project> {
    return this.projects.get(id);
  }

  @Patch('projects/:id')
  update(@CurrentUser() me: Principal, @Param('id') id: string, @Body() body: ProjectBody): Promise<Project> {
    return this.projects.update(me, id, body);
  }

  @Get('projects/:id/members')
  members(@Param('id') id: string): Promise<ProjectMember[]> {
    return this.projects.members(id);
  }

  @Put('projects/:id/members/:userId')
  setMember(@CurrentUser() me: Principal, @Param('id') id: string, @Param('userId', new ParseUUIDPipe()) userId: string, @Body() body: MemberBody): Promise<ProjectMember> {
    return this.projects.setMember(me, id, userId, body.role);
  }

  /** Adds a member (or changes their role) by login name: what an owner knows of a colleague. */
  @Post('projects/:id/members')
  @HttpCode(200)
  async addMember(@CurrentUser() me: Principal, @Param('id') id: string, @Body() body: MemberByNameBody): Promise<ProjectMember> {
    return this.projects.setMember(me, id, await this.projects.userIdOf(body.username), body.role);
  }

  @Delete('projects/:id/members/:userId')
  @HttpCode(204)
  removeMember(@CurrentUser() me: Principal, @Param('id') id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    return this.projects.removeMember(me, id, userId);
  }

  /** The project's audit log, newest first, paged in the database: up to `limit` (default 100, at most 500); the next page is `?after=<X-Next-Cursor>`. */
  @Get('projects/:id/audit')
  async auditLog(@Param('id') id: string, @Query() page: AuditPageQuery, @Res({ passthrough: true }) res: Response): Promise<AuditEntry[]> {
    return pageBody(res, await this.audit.forProject(id, page));
  }

  @Get('runs/:id/shares')
  shares(@Param('id') id: string): Promise<RunShare[]> {
    return this.projects.shares(id);
  }

  @Put('runs/:id/shares/:userId')
  @HttpCode(204)
  share(@CurrentUser() me: Principal, @Req() req: AccessRequest, @Param('id') id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    return this.projects.share(me, id, req.access?.projectId ?? null, userId);
  }

  @Delete('runs/:id/shares/:userId')
  @HttpCode(204)
  unshare(@CurrentUser() me: Principal, @Req() req: AccessRequest, @Param('id') id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    return this.projects.unshare(me, id, req.access?.projectId ?? null, userId);
  }
}
