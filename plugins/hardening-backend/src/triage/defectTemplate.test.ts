import { StoredTriageFailure } from '@hardening/backstage-plugin-hardening-common';
import {
  defectFields,
  defectTitle,
  DEFAULT_DEFECT_TEMPLATE,
  renderTemplate,
} from './defectTemplate';

const failure: StoredTriageFailure = {
  id: '7',
  reportId: '00000000-0000-4000-8000-000000000001',
  receivedAt: '2026-11-20T10:00:00.000Z',
  commit: 'abc1234',
  fingerprint: 'BID-001|TENANT-001',
  scenarioId: 'BID-001',
  invariantId: 'TENANT-001',
  scenarioPrefix: 'BID',
  invariantPrefix: 'TENANT',
  organizationUnderTest: 'org-a',
  keyEntityIds: ['org-a', 'bw-9'],
  title: 'Bids leaked',
  symptom: 'org-b\nsaw   bids',
  message: 'org-b saw 2 bids of org-a',
  evidence: [
    { kind: 'log', uri: 'ci-artifacts/integration.log' },
    { kind: 'screenshot', uri: 'https://ci.example.com/s.png', label: 'bids' },
  ],
  labels: { repro: 'INTEGRATION_TEST=1 yarn it -t BID-001' },
  diagnosticsDefect: false,
  unknownTaxonomy: false,
};

describe('defect templates', () => {
  it('titles a defect by its ids and one-line symptom', () => {
    expect(defectTitle(failure)).toBe(
      'Integration failure: BID-001 / TENANT-001 (org-b saw bids)',
    );
    const { scenarioId, invariantId, symptom, title, ...rest } = failure;
    expect(
      defectTitle({ ...rest, message: `${'m'.repeat(150)}\nsecond line` }),
    ).toBe(
      `Integration failure: missing scenarioId / missing invariantId (${'m'.repeat(
        99,
      )}…)`,
    );
  });

  it('fills every field of the default template', () => {
    const fields = defectFields({
      entityRef: 'component:default/payments-api',
      failure,
      runUrl: 'https://ci.example.com/runs/8',
    });
    expect(fields).toMatchObject({
      ciRun: 'https://ci.example.com/runs/8',
      repro: 'INTEGRATION_TEST=1 yarn it -t BID-001',
      expected: '(not reported by the harness)',
      observed: 'org-b saw 2 bids of org-a',
      runbookSection: 'none covers this scenario prefix',
    });
    const markdown = renderTemplate(DEFAULT_DEFECT_TEMPLATE, fields);
    expect(markdown).toContain(
      '## Integration failure: BID-001 / TENANT-001 (org-b saw bids)',
    );
    expect(markdown).toContain(
      '- log: ci-artifacts/integration.log\n- screenshot: https://ci.example.com/s.png (bids)',
    );
    expect(markdown).toContain('- org-a\n- bw-9');
    expect(markdown).toContain(
      '- **CI run:** https://ci.example.com/runs/8 (commit `abc1234`)',
    );
    expect(markdown).not.toMatch(/\{\{/);
  });

  it('renders lists inline or as bullets, keeps unknown placeholders and evaluates nothing', () => {
    expect(
      renderTemplate(
        'Ids: {{ keyEntityIds }}\n{{keyEntityIds}}\n{{artifacts}}\n{{constructor}} {{#each x}} {{nope}}',
        { keyEntityIds: ['a', 'b'], artifacts: [] },
      ),
    ).toBe(
      'Ids: a, b\n- a\n- b\n- (none)\n{{constructor}} {{#each x}} {{nope}}',
    );
  });

  it('renders the configured repro command when the harness sent none', () => {
    const fields = defectFields({
      entityRef: 'component:default/payments-api',
      failure: { ...failure, labels: {} },
      reproCommand: 'yarn test:integration -t "{{scenarioId}}"',
    });
    expect(fields.repro).toBe('yarn test:integration -t "BID-001"');
    expect(fields.ciRun).toBe('(not reported)');
  });
});
