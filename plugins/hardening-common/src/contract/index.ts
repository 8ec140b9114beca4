export * from './contractDocument';
export * from './gateResults';
export * from './evaluateContract';
export * from './storedContract';
export * from './summarizeContractResults';
