/** The software an extraction records beside its features (`radsweep <version>` of the root package.json): the CLI's provenance and the server's datasets. */
export const EXTRACTION_SOFTWARE = `radsweep ${(require('../../../../package.json') as { version: string }).version}`;
