import { ReplicaClient } from './hardeningApi';

/** One running backend, called as a CI job (upload token) and as a reader. */
export type Replica = {
  name: string;
  /** Bound to team-payments' entities, allowed `hardening.evidence.create` only. */
  upload: ReplicaClient;
  /** Allowed to read the catalog and the Hardening evidence. */
  read: ReplicaClient;
};

/** The demo entities team-payments owns, which the upload token is bound to. */
export const PAYMENTS_ENTITIES = [
  'component:default/payments-api',
  'component:default/ledger-service',
  'component:default/invoice-generator',
] as const;
