/**
 * The server's CSV exports neutralise formula cells exactly as the dashboard's
 * do: one implementation, kept in the dashboard's sources because the browser
 * loads it from there (it imports nothing, so it runs in Node as well).
 */
export { csvCell } from '../../../dashboard/src/csv';
