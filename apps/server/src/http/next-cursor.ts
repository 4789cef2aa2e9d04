import type { Response } from 'express';
import { NEXT_CURSOR_HEADER } from '@radsweep/api-contract';
import type { ListPage } from '../database/keyset-page';

/** A list route's answer: the page's rows as the body, the next page's cursor in X-Next-Cursor (absent on the last page). */
export function pageBody<T>(res: Response, page: ListPage<T>): T[] {
  return withNextCursor(res, page.nextCursor, page.items);
}

/** `body` as a paged route's answer, the next page's cursor in X-Next-Cursor (absent on the last page). */
export function withNextCursor<T>(res: Response, nextCursor: string | null, body: T): T {
  if (nextCursor) res.setHeader(NEXT_CURSOR_HEADER, nextCursor);
  return body;
}
