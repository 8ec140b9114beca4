import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FailureCluster,
  FailureClustersResponse,
  hardeningEvidenceReadPermission,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { catalogCredentials, refOf } from '../catalog';
import { TriageCatalog } from '../triage/triageCatalog';
import { clusterDetails, rankClusters } from './failureClusterQuery';
import { normaliseFailure } from './normaliseFailure';

/**
 * Failure clusters across the entities a caller may see (the catalog, read with the
 * caller's credentials) and read evidence of (`hardening.evidence.read`): the entities
 * with failures in the window (one SQL query), which of them the catalog shows the caller
 * (one `getEntitiesByRefs`), which of those the caller may read (one conditional
 * decision, plus one batched authorization when it is conditional), then one `GROUP BY`
 * and one query for the examples and entities of the clusters listed.
 */
export class FailureClusterService {
  constructor(
    private readonly options: {
      database: Knex;
      auth: AuthService;
      catalog: CatalogService;
      permissions: PermissionsService;
      teams: TriageCatalog;
    },
  ) {}

  async clusters(
    request: { since: Date; limit: number; ownedBy?: string },
    credentials: BackstageCredentials,
  ): Promise<FailureClustersResponse> {
    const { database } = this.options;
    const [refs, ownedRefs] = await Promise.all([
      this.candidateRefs(request.since).then(c =>
        this.readableRefs(c, credentials),
      ),
      request.ownedBy
        ? this.options.teams
            .teamEntities(
              request.ownedBy,
              credentials,
              hardeningEvidenceReadPermission,
            )
            .then(({ entities }) => entities.map(refOf))
        : undefined,
    ]);
    const window = {
      since: request.since,
      limit: request.limit,
      refs,
      ownedRefs,
    };
    const ranked = await rankClusters(database, window);
    const { examples, entityRefs } = await clusterDetails(
      database,
      window,
      ranked.map(c => c.key),
    );
    const clusters: FailureCluster[] = ranked.flatMap(row => {
      const example = examples.get(row.key);
      if (!example) return [];
      return [
        {
          ...row,
          impact: row.failures * row.entities,
          signature: normaliseFailure(example),
          entityRefs: entityRefs.get(row.key) ?? [],
          example: {
            source: example.source,
            entityRef: example.entityRef,
            reportId: example.reportId,
            receivedAt: example.receivedAt,
            ...(example.message !== null ? { message: example.message } : {}),
            ...(example.testId !== null ? { testId: example.testId } : {}),
            ...(example.fingerprint !== null
              ? { fingerprint: example.fingerprint }
              : {}),
            ...(example.runUrl !== null ? { runUrl: example.runUrl } : {}),
          },
        },
      ];
    });
    return {
      since: request.since.toISOString(),
      ...(request.ownedBy ? { ownedBy: request.ownedBy } : {}),
      clusters,
    };
  }

  /** The entities with a test report or triage report received in the window. */
  private async candidateRefs(since: Date): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.options
      .database('evidence_reports')
      .whereIn('kind', ['test-report', 'triage'])
      .andWhere('received_at', '>=', since)
      .distinct('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  private async readableRefs(
    candidates: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { auth, catalog, permissions } = this.options;
    const [decision] = await permissions.authorizeConditional(
      [{ permission: hardeningEvidenceReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('Not allowed to read hardening evidence');
    }
    if (candidates.length === 0) return [];
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: candidates,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await catalogCredentials(auth, credentials) },
    );
    const visible = items.flatMap(e => (e ? [refOf(e)] : []));
    if (decision.result === AuthorizeResult.ALLOW || visible.length === 0) {
      return visible;
    }
    const decisions = await permissions.authorize(
      visible.map(resourceRef => ({
        permission: hardeningEvidenceReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return visible.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  }
}
