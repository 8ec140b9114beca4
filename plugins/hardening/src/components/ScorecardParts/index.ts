export { LevelLabel } from './LevelLabel';
export { LevelDistribution } from './LevelDistribution';
export { MissingReasons } from './MissingReasons';
export { ScorecardAverages } from './ScorecardAverages';
export { EntityCell } from './EntityCell';
export { FreezeStateCell } from './FreezeStateCell';
export { entityColumns } from './entityColumns';
export { RetryHint } from './RetryHint';
