export * from './testHistory';
export * from './flakyTests';
export * from './quarantine';
