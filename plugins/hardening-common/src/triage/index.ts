export * from './taxonomy';
export * from './triageReport';
export * from './failureFingerprint';
export * from './storedTriage';
export * from './classifyTriageFailure';
