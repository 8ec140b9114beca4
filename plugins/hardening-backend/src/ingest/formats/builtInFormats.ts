import type { HardeningTestReportFormat } from '@hardening/backstage-plugin-hardening-node';
import { readCtrfJson } from '../ctrf/CtrfParser';
import { readJunitXml } from '../junit/JunitParser';
import { parseJsonText } from './jsonText';
import { xmlRootName } from './xmlRoot';

/** JUnit XML, streamed (`<testsuites>` or `<testsuite>` at the root). */
export const junitFormat: HardeningTestReportFormat = {
  id: 'junit',
  title: 'JUnit report',
  contentTypes: ['application/xml', 'text/xml', 'application/junit+xml'],
  sniff: head => {
    const root = xmlRootName(head);
    return root === 'testsuites' || root === 'testsuite';
  },
  parse: ({ body, sink, limits }) =>
    readJunitXml(body, sink, {
      maxTestcases: limits.maxTests,
      maxDepth: limits.maxDepth,
    }),
};

/**
 * CTRF (JSON), parsed whole: its limit is `hardening.ingest.maxJsonUploadBytes`, which
 * the backend sets when it registers it (see `builtInTestReportFormats`).
 */
export function ctrfFormat(maxBytes?: number): HardeningTestReportFormat {
  return {
    id: 'ctrf',
    title: 'CTRF report',
    contentTypes: ['application/json', 'application/vnd.ctrf+json'],
    sniff: head => /^\uFEFF?\s*\{/.test(head),
    maxBytes,
    parse: async ({ text, sink, limits }) =>
      readCtrfJson(
        parseJsonText(await text(), 'CTRF report'),
        sink,
        limits.maxTests,
      ),
  };
}
