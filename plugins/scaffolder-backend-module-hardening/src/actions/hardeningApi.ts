import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The Hardening backend as the scaffolder's actions call it. */
export type HardeningApi = {
  putMilestone(options: {
    entityPath: string;
    milestoneId: string;
    body: unknown;
    credentials: BackstageCredentials;
  }): Promise<{ created: boolean; milestone: Record<string, unknown> }>;
};

/**
 * Calls the Hardening backend through discovery, on behalf of the task's initiator: the
 * backend then checks the initiator's own permission (`hardening.milestone.manage` on the
 * entity), so a template cannot do more than the person running it.
 */
export function createHardeningApi(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  fetch?: typeof fetch;
}): HardeningApi {
  const doFetch = options.fetch ?? fetch;
  return {
    async putMilestone({ entityPath, milestoneId, body, credentials }) {
      const baseUrl = await options.discovery.getBaseUrl('hardening');
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'hardening',
      });
      const response = await doFetch(
        `${baseUrl}/entities/${entityPath}/milestones/${encodeURIComponent(
          milestoneId,
        )}`,
        {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify(body),
        },
      );
      if (!response.ok) {
        const error = await ResponseError.fromResponse(response);
        // The scaffolder shows the message only: put the backend's own reason in it.
        throw new Error(
          `The Hardening backend refused milestone ${milestoneId} (${
            response.status
          }): ${error.body?.error?.message ?? error.message}`,
          { cause: error },
        );
      }
      return {
        created: response.status === 201,
        milestone: (await response.json()) as Record<string, unknown>,
      };
    },
  };
}
