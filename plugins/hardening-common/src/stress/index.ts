export * from './stressRun';
export * from './evaluateStressRun';
export * from './stressRunSummary';
export * from './milestoneStressVerdict';
