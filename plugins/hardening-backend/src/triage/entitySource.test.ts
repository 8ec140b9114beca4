import { Entity } from '@backstage/catalog-model';
import { annotationPaths, entitySourceUrl } from './entitySource';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

describe('entity source (tracker links)', () => {
  const github = entity({
    'backstage.io/source-location':
      'url:https://github.com/acme/payments-api/tree/main',
    'hardening.io/runbooks': ' docs/a.md, ,docs/b.md,docs/a.md',
  });

  it('is the source location as a folder, else the folder of the catalog file', () => {
    expect(entitySourceUrl(github)?.href).toBe(
      'https://github.com/acme/payments-api/tree/main/',
    );
    expect(
      entitySourceUrl(
        entity({
          'backstage.io/managed-by-location':
            'url:https://gitlab.com/acme/pay/-/blob/main/catalog-info.yaml?x=1',
        }),
      )?.href,
    ).toBe('https://gitlab.com/acme/pay/-/blob/main/catalog-info.yaml');
  });

  it('needs an http(s) location, and lists annotation paths once', () => {
    expect(
      entitySourceUrl(
        entity({ 'backstage.io/source-location': 'file:/srv/repo/' }),
      ),
    ).toBeUndefined();
    expect(entitySourceUrl(entity({}))).toBeUndefined();
    expect(annotationPaths(github, 'hardening.io/runbooks')).toEqual([
      'docs/a.md',
      'docs/b.md',
    ]);
  });
});
