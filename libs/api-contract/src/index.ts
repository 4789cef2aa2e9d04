export * from './survival';
