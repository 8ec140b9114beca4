import { CliError } from '../CliError';
import { hardeningApiBase, resolveBackendTarget } from './backendTarget';

describe('backend target', () => {
  it('puts the Hardening API under the backend URL, keeping a path prefix', () => {
    expect(hardeningApiBase('https://portal.example.com').toString()).toBe(
      'https://portal.example.com/api/hardening',
    );
    expect(
      hardeningApiBase('https://portal.example.com/backstage/').toString(),
    ).toBe('https://portal.example.com/backstage/api/hardening');
    expect(
      hardeningApiBase('https://portal.example.com/api/hardening').toString(),
    ).toBe('https://portal.example.com/api/hardening');
  });

  it('refuses URLs that are not http(s)', () => {
    expect(() => hardeningApiBase('portal.example.com')).toThrow(CliError);
    expect(() => hardeningApiBase('ftp://portal.example.com')).toThrow(
      '--backend-url must be an http(s) URL, not ftp:',
    );
  });

  it('reads entity refs with component and default as defaults', () => {
    const target = resolveBackendTarget({
      entity: 'payments-api',
      backendUrl: 'http://localhost:7007',
    });
    expect(target.entityRef).toBe('component:default/payments-api');
    expect(target.entityUrl.toString()).toBe(
      'http://localhost:7007/api/hardening/entities/component/default/payments-api',
    );
    expect(
      resolveBackendTarget({
        entity: 'System:billing/ledger',
        backendUrl: 'http://localhost:7007',
      }).entityRef,
    ).toBe('system:billing/ledger');
  });

  it('says what is missing', () => {
    expect(() => resolveBackendTarget({ entity: 'a' })).toThrow(
      'no backend URL: pass --backend-url or set HARDENING_BACKEND_URL',
    );
    expect(() =>
      resolveBackendTarget({ backendUrl: 'http://localhost:7007' }),
    ).toThrow('no entity');
  });
});
