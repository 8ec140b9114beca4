export * from './runbook';
export * from './runbookHeadingIds';
