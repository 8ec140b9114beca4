import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { emptyEvidenceHandlers } from '../../__testUtils__/handlers';
import {
  baseUrl,
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { AuditChainSection } from '../AuditChainSection';
import { CiGatesSection } from '../CiGatesSection';
import { ContractSection } from '../ContractSection';
import { StressRunsSection } from '../StressRunsSection';
import { TestReportsSection } from '../TestReportsSection';
import { ValidationSection } from '../ValidationSection';
import { HardeningEntityContent } from './HardeningEntityContent';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(30_000);

describe('HardeningEntityContent', () => {
  it('says when the backend cannot be reached', async () => {
    server.use(
      ...emptyEvidenceHandlers('no-backend'),
      http.get(`${baseUrl}/health`, () => errorResponse(503, 'down')),
    );
    await renderWithEntity(<HardeningEntityContent />, { name: 'no-backend' });
    expect(
      await screen.findByText(/Hardening backend unreachable/, undefined, {
        timeout: 10_000,
      }),
    ).toHaveTextContent(
      'Evidence for component:default/no-backend, Hardening backend unreachable',
    );
  });
});

/**
 * Each section's empty state, the upload it tells the user to make (with the hardening CLI
 * and trusted publishing first where CI uploads it, then curl with a static token), and
 * its error.
 */
describe.each([
  {
    section: <TestReportsSection />,
    route: 'test-reports',
    empty: 'No test reports yet',
    cli: 'upload test-report junit.xml \\ --entity component:default/%NAME% \\ --backend-url http://backend.test \\ --tag e2e:happy',
    command: [
      "-H 'Content-Type: application/xml'",
      '--data-binary @junit.xml',
      '/entities/component/default/%NAME%/test-reports?commit=$GIT_SHA&branch=$GIT_BRANCH&tags=e2e:happy"',
    ],
    error: 'Could not load the test reports',
  },
  {
    section: <CiGatesSection />,
    route: 'ci-gates',
    empty: 'No CI gate results yet',
    cli: 'upload ci-gates gates.json \\ --entity component:default/%NAME% \\ --backend-url http://backend.test',
    command: ['--data-binary @gates.json', '/%NAME%/ci-gates?commit=$GIT_SHA'],
    error: 'Could not load the CI gates',
  },
  {
    section: <ContractSection />,
    route: 'contract-results',
    empty: 'No delivery contract',
    command: [
      '-X PUT',
      "-H 'Content-Type: application/yaml'",
      '--data-binary @delivery-contract.yaml',
      '/%NAME%/contract"',
    ],
    error: 'Could not load the delivery contract',
  },
  {
    section: <StressRunsSection />,
    route: 'stress-runs',
    empty: 'No stress runs yet',
    cli: 'upload stress-run stress-run.json \\ --entity component:default/%NAME% \\',
    command: ['--data-binary @stress-run.json', '/%NAME%/stress-runs?commit='],
    error: 'Could not load the stress runs',
  },
  {
    section: <ValidationSection />,
    route: 'validation-reports',
    empty: 'No production validation yet',
    cli: 'upload validation validation.json \\ --entity component:default/%NAME% \\',
    command: ['--data-binary @validation.json', '/%NAME%/validation-reports"'],
    error: 'Could not load the production validation reports',
  },
  {
    section: <AuditChainSection />,
    route: 'audit-chain/verify',
    empty: 'No release audit chain yet',
    cli: 'upload audit-chain audit-chain.jsonl \\ --entity component:default/%NAME% \\',
    command: [
      "-H 'Content-Type: application/x-ndjson'",
      '--data-binary @audit-chain.jsonl',
      '/%NAME%/audit-chain"',
    ],
    error: 'Could not load the release audit chain',
  },
] as Array<{
  section: JSX.Element;
  route: string;
  empty: string;
  /** The CLI upload shown first; none for uploads that need a user's or static token. */
  cli?: string;
  command: string[];
  error: string;
}>)('$route section', ({ section, route, empty, cli, command, error }) => {
  const name = `empty-${route.replace('/', '-')}`;

  it('tells how to upload the first evidence when there is none', async () => {
    server.use(...emptyEvidenceHandlers(name));
    await renderWithEntity(section, { name });
    expect(await screen.findByText(empty)).toBeInTheDocument();
    await waitFor(() => {
      // The first command: the CLI where CI uploads this evidence, curl otherwise.
      expect(
        screen.getByLabelText(`Upload command: ${empty}`),
      ).toHaveTextContent(
        cli
          ? `npx --yes @hardening/hardening-cli ${cli.replace('%NAME%', name)}`
          : 'curl --fail-with-body -X',
      );
      const block = screen.getByLabelText(
        `${cli ? 'Static-token upload' : 'Upload'} command: ${empty}`,
      );
      expect(block).toHaveTextContent(`curl --fail-with-body -X`);
      expect(block).toHaveTextContent(`${baseUrl}/entities/component/default/`);
      for (const part of command) {
        expect(block).toHaveTextContent(part.replace('%NAME%', name));
      }
    });
  });

  it('shows the error when the evidence cannot be loaded', async () => {
    server.use(
      http.get(`${entityUrl(`${name}-error`)}/${route}`, () =>
        errorResponse(500, 'database is down'),
      ),
      ...emptyEvidenceHandlers(`${name}-error`),
    );
    await renderWithEntity(section, { name: `${name}-error` });
    expect(
      await screen.findByText(`Error: ${error}: database is down`),
    ).toBeInTheDocument();
  });
});
