import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { entityUrl } from './renderWithEntity';
import { queue } from './triageFixtures';

/**
 * The frozen clock of the triage tests: two hours after the fixtures' last sighting
 * (`T1`), so relative times read the same on every machine.
 */
export const TRIAGE_NOW = Date.parse('2026-11-21T12:00:00.000Z');

/**
 * An msw server for a triage test file (call it at the top level: it registers the
 * hooks that start and stop it), and `serveQueue`, which serves the triage queue of the
 * component `name` and returns a function that changes what is served from the next
 * request on (after an action reloads the queue).
 */
export function setupTriageServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  const serveQueue = (name: string, items: TriageQueueItem[]) => {
    let current = items;
    server.use(
      http.get(`${entityUrl(name)}/triage/queue`, () =>
        HttpResponse.json(queue(current)),
      ),
    );
    return (next: TriageQueueItem[]) => {
      current = next;
    };
  };
  return { server, serveQueue };
}
