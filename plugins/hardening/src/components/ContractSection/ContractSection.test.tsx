import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ContractResultsSummary } from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { HASH_A, storedReport, T0 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { ContractSection } from './ContractSection';

const server = setupServer();
registerMswTestHooks(server);

const summary: ContractResultsSummary = {
  format: 'native',
  contractDigest: HASH_A,
  gates: [
    { gateId: 'no-eval', status: 'fail', matchedFiles: 40, violationCount: 2 },
    {
      gateId: 'has-runbook',
      status: 'pass',
      matchedFiles: 1,
      violationCount: 0,
    },
  ],
  evaluation: {
    status: 'evaluated',
    passing: false,
    reason: '1 of 2 active gates failing: no-eval',
    counts: { active: 2, activePassing: 1, planned: 0 },
    gates: [
      {
        gateId: 'no-eval',
        gateStatus: 'active',
        result: 'fail',
        passing: false,
        blocking: true,
        reason: '2 violations',
      },
      {
        gateId: 'has-runbook',
        gateStatus: 'active',
        result: 'pass',
        passing: true,
        blocking: false,
        reason: 'passed on 1 file',
      },
    ],
    warnings: [],
  },
};

describe('ContractSection', () => {
  it('shows the contract gates with their violations as file:line message', async () => {
    const report = storedReport('contract-results', summary);
    server.use(
      http.get(`${entityUrl()}/contract`, () =>
        HttpResponse.json({
          id: 'c-1',
          entityRef: 'component:default/payments-api',
          digest: HASH_A,
          gateCount: 2,
          uploadedAt: T0,
          uploadedBy: 'user:default/guest',
          contract: {
            milestone: 'M1',
            gates: [
              {
                id: 'no-eval',
                description: 'no eval',
                type: 'file_content',
                targets: ['src/**/*.ts'],
                must_not_match: ['eval\\('],
                status: 'active',
              },
              {
                id: 'has-runbook',
                description: 'a runbook',
                type: 'file_exists',
                targets: ['docs/runbook.md'],
                status: 'active',
              },
            ],
          },
        }),
      ),
      http.get(`${entityUrl()}/contract-results`, () =>
        HttpResponse.json({ items: [report] }),
      ),
      http.get(`${entityUrl()}/contract-results/${report.id}/violations`, () =>
        HttpResponse.json({
          items: [
            {
              gateId: 'no-eval',
              file: 'src/a.ts',
              line: 12,
              message: 'eval is forbidden',
            },
            { gateId: 'no-eval', file: 'src/b.ts', message: 'new Function' },
          ],
        }),
      ),
    );
    await renderWithEntity(<ContractSection />);

    expect(
      await screen.findByText(
        /Contract gates not passing: 1 of 2 active passing, 0 planned/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Current contract/, { selector: 'div' }),
    ).toHaveTextContent(
      /^Current contract aaaaaaaaaaaa.*: 2 gates \(2 active, 0 planned\), current since .* \(by guest\)\./,
    );
    // Without the milestones loaded, the file's own label alone.
    expect(
      screen.getByText('The contract file names milestone M1.'),
    ).toBeInTheDocument();
    expect(screen.getByText('fail (blocking)').closest('tr')).toHaveTextContent(
      'no-eval',
    );
    const violations = screen.getByRole('list', {
      name: 'Violations of no-eval',
    });
    expect(
      within(violations)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['src/a.ts:12 eval is forbidden', 'src/b.ts new Function']);
  });
});
