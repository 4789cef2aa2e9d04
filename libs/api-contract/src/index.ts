export * from './survival';
export * from './leaderboard';
export * from './runs';
