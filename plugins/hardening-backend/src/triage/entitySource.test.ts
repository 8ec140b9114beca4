import { Entity } from '@backstage/catalog-model';
import {
  annotationPaths,
  entitySourceUrl,
  resolveEntityPath,
} from './entitySource';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

describe('entity source paths', () => {
  const github = entity({
    'backstage.io/source-location':
      'url:https://github.com/acme/payments-api/tree/main',
    'hardening.io/runbooks': ' docs/a.md, ,docs/b.md,docs/a.md',
  });

  it('resolves plain relative paths inside the source location', () => {
    expect(resolveEntityPath(github, 'docs/runbooks/triage.md')).toEqual({
      url: 'https://github.com/acme/payments-api/tree/main/docs/runbooks/triage.md',
    });
    // Without a source location, relative to the catalog file's folder.
    expect(
      resolveEntityPath(
        entity({
          'backstage.io/managed-by-location':
            'url:https://gitlab.com/acme/pay/-/blob/main/catalog-info.yaml',
        }),
        'runbook.md',
      ),
    ).toEqual({ url: 'https://gitlab.com/acme/pay/-/blob/main/runbook.md' });
  });

  it.each([
    '../other-repo/secrets.md',
    'docs/../../x.md',
    '/etc/passwd',
    'https://evil.example.com/x.md',
    'file:///etc/passwd',
    'docs\\a.md',
    'docs/a.md?raw=1',
    'docs/a.md#x',
    'docs/\u0000a.md',
    '',
  ])('refuses %j', path => {
    expect(resolveEntityPath(github, path)).toEqual({
      error: expect.stringContaining('is not a relative path'),
    });
  });

  it('needs an http(s) location, and lists annotation paths once', () => {
    expect(
      resolveEntityPath(
        entity({ 'backstage.io/source-location': 'file:/srv/repo/' }),
        'a.md',
      ),
    ).toEqual({ error: expect.stringContaining('no http(s)') });
    expect(entitySourceUrl(entity({}))).toBeUndefined();
    expect(annotationPaths(github, 'hardening.io/runbooks')).toEqual([
      'docs/a.md',
      'docs/b.md',
    ]);
  });
});
