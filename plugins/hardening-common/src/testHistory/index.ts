export * from './testHistory';
