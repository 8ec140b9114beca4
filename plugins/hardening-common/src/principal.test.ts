import { principalName } from './principal';

describe('principalName', () => {
  it('reads user and group refs by name, the namespace only when not default', () => {
    expect(principalName('user:default/hardening-seed')).toBe('hardening-seed');
    expect(principalName('group:ops/sre')).toBe('ops/sre');
  });

  it('keeps service subjects, CI repositories and missing values readable', () => {
    expect(principalName('external:ci-evidence-upload')).toBe(
      'external:ci-evidence-upload',
    );
    expect(principalName('northwind/payments-api')).toBe(
      'northwind/payments-api',
    );
    expect(principalName(undefined)).toBe('—');
  });
});
