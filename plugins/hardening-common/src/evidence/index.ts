export * from './ciContext';
export * from './testReport';
