/**
 * Response of the backend's `GET /health` route.
 *
 * @public
 */
export type HardeningHealth = {
  status: 'ok';
  /** The newest database migration applied by the backend plugin. */
  schemaVersion: string | null;
};
