export * from './survival';
export * from './leaderboard';
export * from './reporting';
export * from './locked-models';
export * from './accounts';
export * from './runs';
