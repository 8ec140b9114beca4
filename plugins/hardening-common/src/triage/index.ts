export * from './taxonomy';
export * from './triageReport';
export * from './failureFingerprint';
export * from './storedTriage';
export * from './classifyTriageFailure';
export * from './triageWorkflow';
export * from './triageQueue';
export * from './defectDraft';
