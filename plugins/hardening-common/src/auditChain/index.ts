export * from './entry';
export * from './hashing';
export * from './verify';
export * from './storedChain';
export * from './portalWritten';
