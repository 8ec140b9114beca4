// A small Backstage app's use of the packed frontend plugin, type-checked by
// scripts/test-packages.sh against the tarball's published types (the plugin, its
// extensions and routes, the API ref and client, the legacy entity content and cards) and
// the -common tarball's types. Each `@ts-expect-error` fails the check when the published
// types fall back to `any` or stop refusing a misuse.
import { useEffect, useState } from 'react';
import { createApp } from '@backstage/frontend-defaults';
import {
  discoveryApiRef,
  fetchApiRef,
  FrontendFeature,
  useApi,
} from '@backstage/frontend-plugin-api';
import { BackstagePlugin, createApiFactory } from '@backstage/core-plugin-api';
import hardeningPlugin, {
  entityApiPath,
  EntityHardeningCard,
  EntityHardeningContent,
  EntityHardeningRunbooksContent,
  EntityHardeningTriageContent,
  HardeningApi,
  HardeningClient,
  hardeningApiRef,
  legacyHardeningPlugin,
} from '@hardening/backstage-plugin-hardening';
import type { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';

// New frontend system: the plugin is an app feature, its extensions are addressable by id.
const features: FrontendFeature[] = [hardeningPlugin];
export const app = createApp({ features });

const scorecardCard = hardeningPlugin.getExtension(
  'entity-card:hardening/entity-scorecard',
);
const freezeCard = hardeningPlugin.getExtension(
  'entity-card:hardening/milestone-freeze',
);
export const customised = hardeningPlugin.withOverrides({
  extensions: [scorecardCard, freezeCard],
});
export const otherExtensions = [
  hardeningPlugin.getExtension('api:hardening'),
  hardeningPlugin.getExtension('entity-content:hardening'),
  hardeningPlugin.getExtension('entity-content:hardening/triage'),
  hardeningPlugin.getExtension('entity-content:hardening/runbooks'),
  hardeningPlugin.getExtension('page:hardening/scorecards'),
  hardeningPlugin.getExtension('entity-card:hardening/group-scorecard'),
];

// @ts-expect-error the plugin has no such extension
hardeningPlugin.getExtension('entity-card:hardening/no-such-card');

export const scorecardsRoute = hardeningPlugin.routes.scorecards;
export const templateRoute = hardeningPlugin.externalRoutes.scaffolderTemplate;

// The API: its ref, the default client, and a factory an app may register itself.
export const hardeningApiFactory = createApiFactory({
  api: hardeningApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new HardeningClient({ discoveryApi, fetchApi }),
});

export const paymentsPath: string = entityApiPath({
  kind: 'Component',
  namespace: 'default',
  name: 'payments-api',
});

export function HardeningHealthBadge() {
  const api: HardeningApi = useApi(hardeningApiRef);
  const [health, setHealth] = useState<HardeningHealth>();
  useEffect(() => {
    api.getHealth().then(setHealth);
  }, [api]);
  // @ts-expect-error the health status is 'ok', never a number
  const code: number = health?.status ?? 0;
  return (
    <span title={health?.schemaVersion ?? undefined}>
      {health?.status ?? 'unknown'} {code}
    </span>
  );
}

// Legacy app: the plugin object and the entity page's content and cards.
export const legacyPlugin: BackstagePlugin = legacyHardeningPlugin;

export function LegacyEntityPage() {
  return (
    <div>
      <EntityHardeningCard />
      <EntityHardeningContent />
      <EntityHardeningTriageContent />
      <EntityHardeningRunbooksContent />
      {/* @ts-expect-error the content takes no props */}
      <EntityHardeningContent variant="gridItem" />
    </div>
  );
}
