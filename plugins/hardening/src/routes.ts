import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The "Hardening scorecards" page (`/hardening` unless configured otherwise). */
export const scorecardsRouteRef = createRouteRef();
