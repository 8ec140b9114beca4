/*
 * The Hardening portal's backend, on the new backend system.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth: guest sign-in for local use (see auth.providers.guest in app-config.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(
  import('@hardening/backstage-plugin-scaffolder-backend-module-hardening'),
);

// TechDocs
backend.add(import('@backstage/plugin-techdocs-backend'));

// Permissions, with the portal's own policy (owners manage their entities' hardening data).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// Search: PostgreSQL engine when on PostgreSQL, in-memory Lunr otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// Events (delivers notifications and signals across plugins), user settings, notifications, signals
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Hardening
backend.add(import('@hardening/backstage-plugin-hardening-backend'));
// TRX (Visual Studio / dotnet test) reports, through the test-report formats extension point.
backend.add(import('@hardening/backstage-plugin-hardening-backend-module-trx'));

// MCP: serves the actions of backend.actions.pluginSources (Hardening's among them) to
// assistants at /api/mcp-actions/v1 (see the README's "Assistants (MCP)" section).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
