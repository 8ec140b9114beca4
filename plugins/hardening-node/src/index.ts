/**
 * Extension points of the Hardening backend plugin, for backend modules: test-report
 * formats and scorecard metrics.
 *
 * @packageDocumentation
 */
export * from './testReportFormats';
export * from './scorecardMetrics';
