export * from './metrics';
export * from './levels';
export * from './evaluateLevel';
export * from './scorecard';
