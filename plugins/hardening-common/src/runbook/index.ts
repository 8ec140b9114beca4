export * from './runbook';
export * from './runbookHeadingIds';
export * from './repositoryReadRule';
