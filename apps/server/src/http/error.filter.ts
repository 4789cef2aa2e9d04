import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { RadSweepInputError } from '@radsweep/core';
import { LimitExceededError } from './limit.error';
import { ConflictError, NotFoundError } from './not-found.error';

/**
 * The one error-to-HTTP mapping: a user-input error is 400 with its message
 * (which names the place), an unknown id 404, a state conflict 409, an upload
 * over the limit 413; anything else is 500 with a fixed message: the error itself
 * (a database message names tables, columns, values) goes to the server's log only.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const [status, message] = toHttp(error);
    if (status >= 500) process.stderr.write(`radsweep: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    if (res.headersSent) return;
    res.status(status).json({ statusCode: status, error: errorName(status), message });
  }
}

export function toHttp(error: unknown): [number, string] {
  if (error instanceof RadSweepInputError) return [400, error.message];
  if (error instanceof NotFoundError) return [404, error.message];
  if (error instanceof ConflictError) return [409, error.message];
  if (error instanceof LimitExceededError) return [error.status, error.message];
  const code = (error as { code?: string }).code;
  if (code === 'LIMIT_FILE_SIZE') return [413, 'the upload is larger than the size limit (RADSWEEP_UPLOAD_LIMIT_MB)'];
  if (error instanceof HttpException && error.getStatus() === 413) return [413, 'the upload is larger than the size limit (RADSWEEP_UPLOAD_LIMIT_MB)'];
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const msg = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
    return [error.getStatus(), Array.isArray(msg) ? msg.join('; ') : (msg ?? error.message)];
  }
  return [500, 'internal error (the details are in the server log)'];
}

function errorName(status: number): string {
  return ({ 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable Entity' } as Record<number, string>)[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
