export * from './milestone';
export * from './gitTags';
export * from './freezeChecklist';
export * from './evaluateFreezeChecklist';
export * from './milestoneSignal';
