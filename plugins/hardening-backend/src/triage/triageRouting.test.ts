import { routeFailure } from './triageRouting';

const entityRef = 'component:default/payments-api';
const routing = {
  'infra-ci': 'group:default/ci-maintainers',
  harness: 'group:default/harness-maintainers',
};

describe('routeFailure', () => {
  it('routes by the class people gave, then by the suggested one', () => {
    expect(
      routeFailure({
        classified: 'infra-ci',
        suggested: 'harness',
        routing,
        entityRef,
        ownerRef: 'group:default/team-payments',
      }),
    ).toEqual({
      ownerRef: 'group:default/ci-maintainers',
      why: 'hardening.triage.routing sends Infra/CI failures to this group',
    });
    expect(routeFailure({ suggested: 'harness', routing, entityRef }).why).toBe(
      'hardening.triage.routing sends Harness/diagnostics failures (suggested class) to this group',
    );
  });

  it("falls back to the entity's owner, and to the entity without one", () => {
    expect(
      routeFailure({
        classified: 'flake',
        routing,
        entityRef,
        ownerRef: 'group:default/team-payments',
      }),
    ).toEqual({
      ownerRef: 'group:default/team-payments',
      why: "the entity's owner: no route is configured for Flake",
    });
    expect(routeFailure({ routing, entityRef })).toEqual({
      ownerRef: entityRef,
      why: 'the failure is not classified yet, and the entity names no owner',
    });
  });
});
