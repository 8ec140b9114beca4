import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AddressInfo } from 'node:net';
import { hardeningPlugin } from '../plugin';
import {
  fakeUrlReader,
  PAYMENTS,
  triageEntities,
} from '../__testUtils__/triageFixtures';

jest.setTimeout(60_000);

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};

/**
 * The actions as an assistant reaches them: the MCP actions plugin in the same backend,
 * the MCP SDK's Streamable HTTP client, a user's token.
 */
describe('hardening actions over MCP', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let client: Client;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        hardeningPlugin,
        mcpActionsPlugin,
        catalogServiceMock.factory({ entities: triageEntities }),
        fakeUrlReader().factory,
        mockServices.rootConfig.factory({
          data: { backend: { actions: { pluginSources: ['hardening'] } } },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    client = new Client({ name: 'hardening-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${port}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: {
              authorization: mockCredentials.user.header('user:default/ana'),
            },
          },
        },
      ),
    );
  });
  afterAll(async () => {
    await client.close();
    await backend.stop();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({
      name: `hardening.${name}`,
      arguments: args,
    })) as ToolResult;

  it('lists the eleven tools with their hints', async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(11);
    expect(
      tools.find(t => t.name === 'hardening.get-freeze-status')?.annotations,
    ).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(
      tools.find(t => t.name === 'hardening.classify-triage-failure')
        ?.annotations,
    ).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it('answers a read with structured content', async () => {
    const result = await call('get-freeze-status', {
      entityRef: 'payments-api',
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      entityRef: PAYMENTS,
      milestones: [],
    });
  });

  it('answers bad input and refusals with error results, not a failed call', async () => {
    const invalid = await call('classify-triage-failure', {
      entityRef: PAYMENTS,
      failureId: '1',
      class: 'cosmic-rays',
    });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0].text).toMatch(
      /^InputError: Invalid input to action "hardening:classify-triage-failure"/,
    );
    const missing = await call('classify-triage-failure', {
      entityRef: PAYMENTS,
      failureId: '1',
      class: 'flake',
    });
    expect(missing).toMatchObject({
      isError: true,
      content: [
        {
          type: 'text',
          text: `NotFoundError: ${PAYMENTS} has no triage failure 1`,
        },
      ],
    });
  });
});
