import { assertSafeTransport, isLoopbackHost } from './transportSafety';

describe('transport safety', () => {
  it('knows the loopback hosts, however the URL writes them', () => {
    const host = (url: string) => isLoopbackHost(new URL(url).hostname);
    const loopback = [
      'http://localhost:7007',
      'http://LOCALHOST',
      'http://127.0.0.1:7007',
      'http://127.45.6.7',
      'http://127.1',
      'http://[::1]:7007',
      'http://[::ffff:127.0.0.1]',
    ];
    const elsewhere = [
      'http://128.0.0.1',
      'http://10.0.0.5',
      'http://[::ffff:10.0.0.1]',
      'http://[::2]',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
    ];
    expect(loopback.filter(url => !host(url))).toEqual([]);
    expect(elsewhere.filter(host)).toEqual([]);
  });

  it('refuses plain http to another machine unless allowed, and says what to change', () => {
    const check =
      (url: string, allowInsecure = false) =>
      () =>
        assertSafeTransport(new URL(url), {
          what: 'the token',
          option: '--backend-url',
          allowInsecure,
        });
    expect(check('http://portal.example.com')).toThrow(
      'refusing to send the token over plain http:// to portal.example.com, where anyone on the way can read it: ' +
        'make --backend-url an https:// URL, or pass --allow-insecure if the network is trusted ' +
        '(localhost, 127.0.0.0/8 and ::1 are always allowed)',
    );
    expect(check('http://10.0.0.5:7007')).toThrow('to 10.0.0.5:7007');
    expect(check('http://portal.example.com', true)).not.toThrow();
    expect(check('https://portal.example.com')).not.toThrow();
    expect(check('http://127.0.0.1:7007')).not.toThrow();
    expect(check('http://[::1]:7007')).not.toThrow();
  });
});
