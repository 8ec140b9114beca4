import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_MAX_FILES_PER_REQUEST,
  readRepositoryReadPolicy,
} from './repositoryReadSettings';

const read = (config: object) =>
  readRepositoryReadPolicy(new ConfigReader(config));
const reads = (repositoryReads: unknown) =>
  read({ hardening: { repositoryReads } });

describe('readRepositoryReadPolicy', () => {
  it('allows the hosts of the integrations config and any organisation by default', () => {
    const policy = read({
      integrations: { github: [{ host: 'ghe.example.net' }] },
    });
    expect(policy.maxFilesPerRequest).toBe(DEFAULT_MAX_FILES_PER_REQUEST);
    expect(policy.organizations).toEqual([]);
    for (const host of ['github.com', 'gitlab.com', 'ghe.example.net']) {
      expect([host, policy.allowsHost(host)]).toEqual([host, true]);
    }
    for (const host of ['evil.example.com', 'github.com.evil.example']) {
      expect([host, policy.allowsHost(host)]).toEqual([host, false]);
    }
  });

  it('reads the configured hosts, organisations and file count, normalised', () => {
    const policy = reads({
      allowedHosts: [' GitHub.com ', 'git.example.com:8443'],
      allowedOrganizations: ['Northwind-Freight', 'GIT.example.com:8443/Ops'],
      maxFilesPerRequest: 5,
    });
    expect(policy.allowsHost('github.com')).toBe(true);
    expect(policy.allowsHost('git.example.com:8443')).toBe(true);
    expect(policy.allowsHost('git.example.com')).toBe(false);
    expect(policy.allowsHost('gitlab.com')).toBe(false);
    expect(policy.organizations).toEqual([
      'northwind-freight',
      'git.example.com:8443/ops',
    ]);
    expect(policy.maxFilesPerRequest).toBe(5);
    // An empty list allows no host: repository reads are off.
    expect(reads({ allowedHosts: [] }).allowsHost('github.com')).toBe(false);
  });

  it.each([
    [
      { allowedHosts: ['https://github.com'] },
      'hardening.repositoryReads.allowedHosts.0: "https://github.com" is not a host',
    ],
    [
      { allowedHosts: ['github.com/acme'] },
      'hardening.repositoryReads.allowedHosts.0: "github.com/acme" is not a host',
    ],
    [
      { allowedHosts: ['*.example.com'] },
      'hardening.repositoryReads.allowedHosts.0: "*.example.com" is not a host',
    ],
    [
      { allowedHosts: ['bot@github.com'] },
      'hardening.repositoryReads.allowedHosts.0: "bot@github.com" is not a host',
    ],
    [
      { allowedOrganizations: ['acme corp'] },
      'hardening.repositoryReads.allowedOrganizations.0: "acme corp" is not an organisation',
    ],
    [
      { allowedOrganizations: ['https://github.com/acme'] },
      'hardening.repositoryReads.allowedOrganizations.0: "https://github.com/acme" is not an organisation',
    ],
    [
      { maxFilesPerRequest: 0 },
      'hardening.repositoryReads.maxFilesPerRequest: ',
    ],
    [
      { maxFilesPerRequest: 2.5 },
      'hardening.repositoryReads.maxFilesPerRequest: ',
    ],
    [{ allowedHost: ['github.com'] }, 'hardening.repositoryReads: '],
  ])('refuses %j at start-up, naming the key', (config, message) => {
    expect(() => reads(config)).toThrow(
      `Invalid hardening.repositoryReads configuration: ${message}`,
    );
  });
});
