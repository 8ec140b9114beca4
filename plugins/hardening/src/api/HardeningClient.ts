import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';
import { HardeningApi } from './HardeningApi';

/**
 * Default {@link HardeningApi} implementation, calling the backend through the
 * app's discovery and (authenticated) fetch APIs.
 *
 * @public
 */
export class HardeningClient implements HardeningApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getHealth(): Promise<HardeningHealth> {
    return this.get<HardeningHealth>('/health');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('hardening');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
