export * from './milestone';
export * from './gitTags';
export * from './freezeChecklist';
export * from './evaluateFreezeChecklist';
export * from './milestoneSignal';
export * from './requiredGates';
export * from './currentMilestone';
export * from './freezeWitnesses';
