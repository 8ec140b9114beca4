export * from './ciContext';
export * from './testReport';
export * from './storedReport';
export * from './reportUploader';
export * from './ciGates';
export * from './uploadRoutes';
