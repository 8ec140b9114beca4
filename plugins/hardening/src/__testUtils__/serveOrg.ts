import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { orgResponse } from './scorecardFixtures';
import { baseUrl } from './renderWithEntity';

export const orgUrl = `${baseUrl}/scorecards/org`;

/** Answers the org route on `server` with `respond(query)` and records every query asked. */
export function serveOrg(
  server: SetupServer,
  respond: (query: URLSearchParams) => Response = () =>
    HttpResponse.json(orgResponse()),
) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(orgUrl, ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      return respond(query);
    }),
  );
  return {
    last: () => Object.fromEntries(queries[queries.length - 1].entries()),
    first: () => Object.fromEntries(queries[0].entries()),
    count: () => queries.length,
  };
}
