export * from './survival';
export * from './leaderboard';
