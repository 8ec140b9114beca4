export * from './bytes';
export * from './merkle';
export * from './signedNote';
export * from './keys';
export * from './checkpoint';
export * from './cosignature';
export * from './api';
