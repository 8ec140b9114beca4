import { BlockList, isIP } from 'node:net';
import { CliError } from '../CliError';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or ::1 (also written as
 * an IPv4-mapped IPv6 address). Other names are not resolved: a name is not loopback.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return LOOPBACK.check(host, 'ipv4');
  if (family === 6) return LOOPBACK.check(host, 'ipv6');
  return false;
}

/**
 * Refuses to send a credential over plain `http://` to another machine, where anyone on
 * the way can read it, unless `allowInsecure` (`--allow-insecure`) says the network is
 * trusted. `what` names the credential and `option` the setting that chose the URL.
 */
export function assertSafeTransport(
  url: URL,
  options: { what: string; option: string; allowInsecure: boolean },
): void {
  if (url.protocol !== 'http:' || options.allowInsecure) return;
  if (isLoopbackHost(url.hostname)) return;
  throw new CliError(
    `refusing to send ${options.what} over plain http:// to ${url.host}, where anyone on the way can read it: ` +
      `make ${options.option} an https:// URL, or pass --allow-insecure if the network is trusted ` +
      '(localhost, 127.0.0.0/8 and ::1 are always allowed)',
  );
}
