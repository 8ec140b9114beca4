import { Client } from 'pg';

/** One row of the notifications backend's `notification` table: one user's copy. */
export type StoredNotification = {
  id: string;
  user: string;
  /** Set when the same scope was sent again and the row re-raised; null otherwise. */
  updated: Date | null;
};

/** The notifications stored with `scope`, read from the notifications database at `url`. */
export async function notificationsOfScope(
  url: string,
  scope: string,
): Promise<StoredNotification[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<StoredNotification>(
      'SELECT id, "user", updated FROM notification WHERE scope = $1',
      [scope],
    );
    return rows;
  } finally {
    await client.end();
  }
}
