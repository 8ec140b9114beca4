import { http, HttpResponse } from 'msw';
import { NO_FLAKY_TESTS } from './fixtures';
import { baseUrl, entityUrl } from './renderWithEntity';

/** The backend's health answer, as the footer of the Hardening tab reads it. */
export function healthHandler() {
  return http.get(`${baseUrl}/health`, () =>
    HttpResponse.json({ status: 'ok', schemaVersion: '20261123080000' }),
  );
}

/** What every evidence route answers for an entity without any evidence. */
export function emptyEvidenceHandlers(name: string) {
  const url = entityUrl(name);
  const empty = () => HttpResponse.json({ items: [] });
  return [
    http.get(`${url}/milestones`, empty),
    http.get(`${url}/test-reports`, empty),
    http.get(`${url}/tests/flaky`, () => HttpResponse.json(NO_FLAKY_TESTS)),
    http.get(`${url}/ci-gates`, empty),
    http.get(`${url}/required-gates`, () =>
      HttpResponse.json({
        required: [],
        latestReportId: null,
        passing: true,
        gates: [],
      }),
    ),
    http.get(`${url}/contract`, () =>
      HttpResponse.json(
        {
          error: { name: 'NotFoundError', message: 'no contract' },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ),
    ),
    http.get(`${url}/contract-results`, empty),
    http.get(`${url}/stress-runs`, empty),
    http.get(`${url}/validation-reports`, empty),
    http.get(`${url}/audit-chain`, () =>
      HttpResponse.json({ items: [], head: null }),
    ),
    http.get(`${url}/audit-chain/verify`, () =>
      HttpResponse.json({ ok: true, length: 0, head: null }),
    ),
  ];
}

/**
 * What the routes answer for an entity whose only evidence is a required CI gate without
 * a result: enough for the Hardening tab to show its evidence sections.
 */
export function someEvidenceHandlers(name: string) {
  return [
    http.get(`${entityUrl(name)}/required-gates`, () =>
      HttpResponse.json({
        required: ['lint'],
        latestReportId: null,
        passing: false,
        gates: [{ name: 'lint', status: 'missing', passing: false }],
      }),
    ),
    ...emptyEvidenceHandlers(name),
  ];
}
