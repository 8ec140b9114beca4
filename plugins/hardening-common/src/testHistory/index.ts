export * from './testHistory';
export * from './flakyTests';
