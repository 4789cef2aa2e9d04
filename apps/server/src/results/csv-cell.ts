/** The server's CSV exports neutralise formula cells with the engine's rule (libs/core), as the dashboard's and the CLI's do. */
export { csvCell } from '@radsweep/core';
