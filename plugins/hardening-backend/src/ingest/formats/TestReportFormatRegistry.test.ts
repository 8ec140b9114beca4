import type { HardeningTestReportFormat } from '@hardening/backstage-plugin-hardening-node';
import { builtInTestReportFormats } from '.';
import {
  chooseBySniffing,
  TestReportFormatRegistry,
} from './TestReportFormatRegistry';
import { xmlRootName } from './xmlRoot';

const format = (
  overrides: Partial<HardeningTestReportFormat>,
): HardeningTestReportFormat => ({
  id: 'nunit',
  title: 'NUnit report',
  contentTypes: ['application/xml'],
  parse: async () => {},
  ...overrides,
});

const xml = (types: string[]) =>
  types.includes('application/xml') ? 'x' : false;

describe('TestReportFormatRegistry', () => {
  it('lists the built-in formats first, whatever order modules added theirs in', () => {
    const registry = new TestReportFormatRegistry();
    registry.extensionPoint().addTestReportFormat(format({}));
    builtInTestReportFormats(1024, registry);
    expect(registry.list().map(f => f.format.id)).toEqual([
      'junit',
      'ctrf',
      'nunit',
    ]);
    expect(registry.forContentType(xml).map(f => f.format.id)).toEqual([
      'junit',
      'nunit',
    ]);
    expect(registry.get('ctrf')).toMatchObject({
      builtIn: true,
      setting: 'hardening.ingest.maxJsonUploadBytes',
    });
  });

  it.each([
    [format({ id: 'junit' }), 'junit is registered twice'],
    [format({ id: 'NUnit' }), 'is not a format id'],
    [format({ title: '' }), 'has no title'],
    [format({ contentTypes: [] }), 'needs one or more media types'],
    [format({ contentTypes: ['xml'] }), 'needs one or more media types'],
    [format({ maxBytes: 0 }), 'maxBytes must be a positive whole number'],
  ])('refuses %#: %s', (bad, message) => {
    const registry = builtInTestReportFormats();
    expect(() => registry.extensionPoint().addTestReportFormat(bad)).toThrow(
      message,
    );
  });

  it('chooses by sniffing: the first that recognises the head, else the first; a throwing rule says no', () => {
    const registry = builtInTestReportFormats();
    registry.extensionPoint().addTestReportFormat([
      format({
        sniff: () => {
          throw new Error('broken rule');
        },
      }),
      format({ id: 'trx', sniff: head => head.includes('<TestRun') }),
    ]);
    const xmlFormats = registry.forContentType(xml);
    const chosen = (head: string) =>
      chooseBySniffing(xmlFormats, head).format.id;
    expect(chosen('<?xml version="1.0"?><testsuites>')).toBe('junit');
    expect(chosen('<TestRun>')).toBe('trx');
    expect(chosen('<unknown/>')).toBe('junit');
  });
});

describe('xmlRootName', () => {
  it.each([
    ['<testsuites>', 'testsuites'],
    [
      '\uFEFF<?xml version="1.0"?>\n<!-- a > b -->\n<testsuite name="x">',
      'testsuite',
    ],
    ['<!DOCTYPE x [<!ENTITY a "b">]><x:TestRun>', 'TestRun'],
    ['<?xml version="1.0"?>', undefined],
    ['{"results":{}}', undefined],
  ])('%j has the root %j', (head, root) => {
    expect(xmlRootName(head)).toBe(root);
  });

  it('answers at once on a long head that never reaches an element', () => {
    const started = process.hrtime.bigint();
    expect(xmlRootName(`${' '.repeat(4000)}!`)).toBeUndefined();
    expect(xmlRootName(`<!--${'-'.repeat(4000)}`)).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});
