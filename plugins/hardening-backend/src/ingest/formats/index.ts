import { DEFAULT_MAX_JSON_UPLOAD_BYTES } from '../../service/uploadLimits';
import { ctrfFormat, junitFormat } from './builtInFormats';
import { TestReportFormatRegistry } from './TestReportFormatRegistry';

export {
  TestReportFormatRegistry,
  type RegisteredTestReportFormat,
} from './TestReportFormatRegistry';
export { TestResultCollector } from './TestResultCollector';

/**
 * Adds the built-in formats to `registry` (default: a new one) and returns it: JUnit XML
 * (limit `hardening.ingest.maxUploadBytes`) and CTRF (limit
 * `hardening.ingest.maxJsonUploadBytes`, capped by the former).
 */
export function builtInTestReportFormats(
  maxJsonUploadBytes: number = DEFAULT_MAX_JSON_UPLOAD_BYTES,
  registry: TestReportFormatRegistry = new TestReportFormatRegistry(),
): TestReportFormatRegistry {
  registry.addBuiltIn(junitFormat);
  registry.addBuiltIn(
    ctrfFormat(maxJsonUploadBytes),
    'hardening.ingest.maxJsonUploadBytes',
  );
  return registry;
}
