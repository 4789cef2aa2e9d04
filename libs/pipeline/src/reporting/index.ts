export * from './study-facts';
export * from './checklist-item';
export * from './tripod-ai';
export * from './claim';
export * from './checklist-markdown';
export * from './checklist-html';
export * from './run-checklists';
export * from './table-profile';
