export * from './ciContext';
export * from './testReport';
export * from './storedReport';
export * from './ciGates';
export * from './uploadRoutes';
