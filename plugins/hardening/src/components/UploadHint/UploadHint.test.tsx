import { act, screen, waitFor } from '@testing-library/react';
import {
  baseUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { UploadHint } from './UploadHint';

/** Renders the hint and lets discovery answer (the commands name the backend's URL). */
async function renderHint(hint: JSX.Element, name?: string) {
  await act(async () => {
    await renderWithEntity(hint, name ? { name } : {});
  });
}

describe('UploadHint', () => {
  it('shows the hardening CLI with trusted publishing first, then a static token', async () => {
    await renderHint(
      <UploadHint
        title="No test reports yet"
        description="Upload a JUnit XML file from CI."
        example={{
          method: 'POST',
          path: '/test-reports?commit=$GIT_SHA&branch=$GIT_BRANCH&tags=e2e:happy',
          contentType: 'application/xml',
          file: 'junit.xml',
        }}
      />,
      'ledger-service',
    );
    expect(
      screen.getByText(/From a GitHub Actions job with/),
    ).toHaveTextContent(
      "From a GitHub Actions job with permissions: { id-token: write } (trusted publishing: no secret to store; the entity's github.com/project-slug annotation names the repository):",
    );
    await waitFor(() =>
      expect(
        screen.getByLabelText('Upload command: No test reports yet'),
      ).toHaveTextContent(
        'npx --yes @hardening/hardening-cli upload test-report junit.xml \\ --entity component:default/ledger-service \\ --backend-url http://backend.test \\ --tag e2e:happy',
      ),
    );
    expect(screen.getByText('Or with a static token:')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Static-token upload command: No test reports yet'),
    ).toHaveTextContent(
      `curl --fail-with-body -X POST \\ -H "Authorization: Bearer $HARDENING_CI_TOKEN" \\ -H 'Content-Type: application/xml' \\ --data-binary @junit.xml \\ "${baseUrl}/entities/component/default/ledger-service/test-reports?commit=$GIT_SHA&branch=$GIT_BRANCH&tags=e2e:happy"`,
    );
    // The CLI block comes first.
    const blocks = screen.getAllByLabelText(/upload command/i);
    expect(blocks.map(b => b.getAttribute('aria-label'))).toEqual([
      'Upload command: No test reports yet',
      'Static-token upload command: No test reports yet',
    ]);
  });

  it('shows curl alone for an upload trusted publishing cannot make', async () => {
    await renderHint(
      <UploadHint
        title="No delivery contract"
        description="An owner uploads it."
        example={{
          method: 'PUT',
          path: '/contract',
          contentType: 'application/yaml',
          file: 'delivery-contract.yaml',
          tokenVariable: 'HARDENING_MANAGE_TOKEN',
        }}
      />,
    );
    await waitFor(() =>
      expect(
        screen.getByLabelText('Upload command: No delivery contract'),
      ).toHaveTextContent(
        `curl --fail-with-body -X PUT \\ -H "Authorization: Bearer $HARDENING_MANAGE_TOKEN" \\ -H 'Content-Type: application/yaml' \\ --data-binary @delivery-contract.yaml \\ "${baseUrl}/entities/component/default/payments-api/contract"`,
      ),
    );
    expect(screen.queryByText(/id-token: write/)).not.toBeInTheDocument();
    expect(screen.queryByText(/hardening-cli/)).not.toBeInTheDocument();
  });
});
