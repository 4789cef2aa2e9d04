import type { Response } from 'express';
import { NEXT_CURSOR_HEADER } from '@radsweep/api-contract';
import type { ListPage } from '../database/keyset-page';

/** A list route's answer: the page's rows as the body, the next page's cursor in X-Next-Cursor (absent on the last page). */
export function pageBody<T>(res: Response, page: ListPage<T>): T[] {
  if (page.nextCursor) res.setHeader(NEXT_CURSOR_HEADER, page.nextCursor);
  return page.items;
}
