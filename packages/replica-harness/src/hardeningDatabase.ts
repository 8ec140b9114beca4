import { Client } from 'pg';
import { z } from 'zod';

/** The part of a stored test report's summary the harness compares with its rows. */
const testSummarySchema = z.looseObject({
  totals: z.looseObject({ tests: z.number() }),
});

/** The database of one of the portal's plugins in a run: `<prefix><pluginId>`. */
export function pluginDatabaseUrl(
  postgresUrl: string,
  prefix: string,
  pluginId: string,
) {
  const url = new URL(postgresUrl);
  url.pathname = `/${prefix}${pluginId}`;
  return url.toString();
}

/** The portal's Hardening database of a run: `<prefix>hardening`. */
export function hardeningDatabaseUrl(postgresUrl: string, prefix: string) {
  return pluginDatabaseUrl(postgresUrl, prefix, 'hardening');
}

export type StoredRun = { id: string; tests: number; testResults: number };

/** Reads the Hardening database directly, as a check of what the API says. */
export class HardeningDatabase {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<HardeningDatabase> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return new HardeningDatabase(client);
  }

  /**
   * Whether a transaction other than ours holds a write lock on `test_results`, that is,
   * is inserting test rows it has not committed yet.
   */
  async testRowsBeingWritten(): Promise<boolean> {
    const { rows } = await this.client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks
        WHERE relation = 'test_results'::regclass
          AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()`,
    );
    return Number(rows[0].n) > 0;
  }

  /** The test reports stored for a CI run id, with their summary's count and their rows. */
  async reportsOfRun(runId: string): Promise<StoredRun[]> {
    const { rows } = await this.client.query<{
      id: string;
      summary: string;
      rows: string;
    }>(
      `SELECT r.id, r.summary,
              (SELECT count(*) FROM test_results t WHERE t.report_id = r.id) AS rows
         FROM evidence_reports r
        WHERE r.run_id = $1 AND r.kind = 'test-report'`,
      [runId],
    );
    return rows.map(r => ({
      id: r.id,
      tests: testSummarySchema.parse(JSON.parse(r.summary)).totals.tests,
      testResults: Number(r.rows),
    }));
  }

  /** The task ids in the scheduler's table of the Hardening database, one a row. */
  async scheduledTaskRows(): Promise<string[]> {
    const { rows } = await this.client.query<{ id: string }>(
      'SELECT id FROM backstage_backend_tasks__tasks',
    );
    return rows.map(r => r.id);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
