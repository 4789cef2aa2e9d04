export * from './param-rule';
export * from './check-param';
export * from './resolve-params';
export * from './key-case';
