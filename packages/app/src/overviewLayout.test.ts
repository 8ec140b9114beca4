import { ConfigReader } from '@backstage/config';
import { AppNode } from '@backstage/frontend-plugin-api';
import { createSpecializedApp } from '@backstage/frontend-app-api';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import appPlugin from '@backstage/plugin-app';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import hardeningPlugin from '@hardening/backstage-plugin-hardening';
// This test runs in Node and reads the app's config file, as the app's backend serves it.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { resolve } from 'path';
import { parse } from 'yaml';

/**
 * The app's own `app.extensions`, as `yarn start` reads them, without the sign-in page
 * (the tree is built here without anyone signing in).
 */
function appConfig() {
  const file = resolve(__dirname, '../../../app-config.yaml');
  const { app } = parse(readFileSync(file, 'utf8'));
  return new ConfigReader({
    app: { extensions: [...app.extensions, { 'sign-in-page:app': false }] },
  });
}

/** A card's `type` (info, content), as the entity page's layout reads it. */
function cardType(node: AppNode): unknown {
  const ref = [...(node.instance?.getDataRefs() ?? [])].find(
    dataRef => dataRef.id === 'catalog.entity-card-type',
  );
  return ref ? node.instance?.getData(ref) : undefined;
}

describe('the entity Overview layout of app-config.yaml', () => {
  it('puts the hardening cards first in their columns, with the cards of every other plugin after them', () => {
    const app = createSpecializedApp({
      features: [
        appPlugin,
        catalogPlugin,
        orgPlugin,
        catalogGraphPlugin,
        apiDocsPlugin,
        hardeningPlugin,
      ],
      config: appConfig(),
    });
    const cards =
      app.tree.nodes
        .get('entity-content:catalog/overview')
        ?.edges.attachments.get('cards') ?? [];
    // The default layout keeps this order within the info column and the main column.
    expect(cards.map(card => card.spec.id).slice(0, 3)).toEqual([
      'entity-card:hardening/milestone-freeze',
      'entity-card:hardening/entity-scorecard',
      'entity-card:hardening/group-scorecard',
    ]);
    expect(cards.map(card => [card.spec.id, cardType(card)])).toEqual(
      expect.arrayContaining([
        ['entity-card:hardening/milestone-freeze', 'info'],
        ['entity-card:hardening/entity-scorecard', 'content'],
        ['entity-card:hardening/group-scorecard', 'content'],
        ['entity-card:catalog/about', 'info'],
        ['entity-card:org/group-profile', 'info'],
      ]),
    );
    expect(cards.length).toBeGreaterThan(5);
  });
});
