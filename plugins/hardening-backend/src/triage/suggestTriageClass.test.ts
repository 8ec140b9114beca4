import { suggestTriageClass } from './suggestTriageClass';
import { TriageRule } from './triageSettings';

const identified = { scenarioId: 'BID-001', invariantId: 'TENANT-001' };

describe('suggestTriageClass', () => {
  const rules: TriageRule[] = [
    {
      name: 'schema drift',
      class: 'data-schema-drift',
      messagePattern: /column "\w+" (?:does not exist|of relation)/,
    },
    {
      name: 'seed helper in trace',
      class: 'harness',
      messagePattern: /seed/i,
      tracePattern: /tests\/integration\/harness\//,
    },
  ];

  it('lets the first configured rule that matches decide, before the built-ins', () => {
    expect(
      suggestTriageClass(
        {
          // Missing invariantId and a timeout too: the configured rule still wins.
          scenarioId: 'SCH-003',
          message: 'error: column "week_start" does not exist (timeout)',
        },
        rules,
      ),
    ).toEqual({
      class: 'data-schema-drift',
      because: {
        kind: 'rule',
        ruleName: 'schema drift',
        detail:
          'message matches /column "\\w+" (?:does not exist|of relation)/ (hardening.triage.rules)',
      },
    });
  });

  it('needs every pattern of a rule to match', () => {
    const input = {
      ...identified,
      message: 'seed failed: duplicate key',
      stack: 'at insert (src/lib/server/services/bids.ts:10:3)',
    };
    expect(suggestTriageClass(input, rules)).toBeUndefined();
    expect(
      suggestTriageClass(
        {
          ...input,
          stack: 'at reset (tests/integration/harness/reset.ts:4:1)',
        },
        rules,
      )?.because.ruleName,
    ).toBe('seed helper in trace');
  });

  it('calls a failure without its ids a harness defect by rule', () => {
    expect(
      suggestTriageClass(
        { scenarioId: 'API-044', message: 'ECONNREFUSED' },
        [],
      ),
    ).toEqual({
      class: 'harness',
      because: {
        kind: 'rule',
        ruleName: 'builtin:missing-ids',
        detail:
          'the failure does not name its invariantId: the harness must print both',
      },
    });
    expect(suggestTriageClass({}, [])?.because.detail).toContain(
      'scenarioId or invariantId',
    );
  });

  it('calls a failure that passed and failed on one commit a flake, from history', () => {
    expect(
      suggestTriageClass(
        {
          ...identified,
          message: 'connection refused',
          flaky: { commit: 'abcdef0123456789', commits: 3 },
        },
        [],
      ),
    ).toEqual({
      class: 'flake',
      because: {
        kind: 'history',
        detail:
          'it failed in some integration runs of commit abcdef012345 and passed in others (and on 2 other commits)',
      },
    });
  });

  it.each([
    ['connect ECONNREFUSED 127.0.0.1:5432', 'connection refused'],
    ['socket hang up: ECONNRESET', 'connection reset'],
    ['Timeout of 5000ms exceeded', 'timeout'],
    ['getaddrinfo ENOTFOUND db', 'host name not resolved'],
    ['GET /health answered 503', 'HTTP 503 / service unavailable'],
  ])('calls "%s" infra/CI', (message, signature) => {
    const suggestion = suggestTriageClass({ ...identified, message }, []);
    expect(suggestion?.class).toBe('infra-ci');
    expect(suggestion?.because).toMatchObject({
      kind: 'rule',
      ruleName: 'builtin:infra-signature',
    });
    expect(suggestion?.because.detail).toContain(signature);
  });

  it('finds infra signatures in the stack too, and suggests nothing otherwise', () => {
    expect(
      suggestTriageClass(
        { ...identified, message: 'query failed', stack: 'Error: ETIMEDOUT' },
        [],
      )?.class,
    ).toBe('infra-ci');
    expect(
      suggestTriageClass(
        { ...identified, message: 'expected 1 winner, got 2' },
        [],
      ),
    ).toBeUndefined();
  });
});
