import { APIRequestContext, expect, test } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { backend, guestToken } from './support';

/**
 * The Hardening actions through the portal's MCP server (`/api/mcp-actions/v1`), with the
 * MCP TypeScript SDK's Streamable HTTP client, as an assistant would call them:
 *
 * - as the guest user (a member of team-payments, which owns payments-api), with the
 *   user's own Backstage token: the actions run as the guest;
 * - with the static MCP token scripts/lib/portal.sh starts the portal with
 *   (HARDENING_MCP_TOKEN, restricted to the mcp-actions and hardening plugins as the
 *   README shows): the actions run as the MCP plugin's service principal, which reads but
 *   may write nothing, since no `hardening.ingest.bindings` entry names it.
 *
 * The failure reclassified is API-044, which the demo seed classified as harness: it is
 * classified again with the same class, so the other specs (triage.test.ts classifies
 * the open BID-004) see the demo as the seed left it.
 */
const ENTITY = 'component:default/payments-api';
const entityUrl = (path: string) =>
  new URL(
    `/api/hardening/entities/component/default/payments-api/${path}`,
    backend,
  ).toString();

function mcpToken(): string {
  const token = process.env.HARDENING_MCP_TOKEN;
  if (!token) {
    throw new Error(
      'HARDENING_MCP_TOKEN is not set: run the e2e suite through scripts/test.sh (scripts/lib/portal.sh), ' +
        'or configure backend.auth.externalAccess with that token as the README shows',
    );
  }
  return token;
}

/** An MCP client of the portal's MCP server, authenticated with `token`. */
async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'hardening-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/api/mcp-actions/v1', backend), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, any>;
};

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult> {
  return (await client.callTool({
    name: `hardening.${name}`,
    arguments: args,
  })) as ToolResult;
}

const textOf = (result: ToolResult) =>
  result.content.map(c => c.text ?? '').join('\n');

/** The state and history of a failure of payments-api, as the triage routes show them. */
async function failureState(
  request: APIRequestContext,
  guest: string,
  failureId: string,
) {
  const res = await request.get(entityUrl(`triage/failures/${failureId}`), {
    headers: { authorization: `Bearer ${guest}` },
  });
  expect(res.status()).toBe(200);
  const { item, history } = await res.json();
  return { state: item.state, history };
}

test('an assistant lists the Hardening tools and reads the freeze status the Hardening tab shows', async ({
  request,
}) => {
  const guest = await guestToken(request);
  const client = await connect(guest);
  try {
    const { tools } = await client.listTools();
    const names = tools.map(t => t.name);
    for (const name of [
      'get-freeze-status',
      'get-evidence-summary',
      'list-triage-queue',
      'get-defect-draft',
      'get-scorecard',
      'verify-audit-chain',
      'list-flaky-tests',
      'classify-triage-failure',
      'set-triage-status',
      'record-defect-link',
      'freeze-milestone',
    ]) {
      expect(names).toContain(`hardening.${name}`);
    }
    const freezeTool = tools.find(
      t => t.name === 'hardening.get-freeze-status',
    );
    expect(freezeTool?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(
      tools.find(t => t.name === 'hardening.freeze-milestone')?.annotations
        ?.readOnlyHint,
    ).toBe(false);

    const result = await call(client, 'get-freeze-status', {
      entityRef: 'payments-api',
    });
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent!;
    expect(answer.entityRef).toBe(ENTITY);

    // What the Hardening tab reads: GET …/milestones as the same user.
    const tab = await request.get(entityUrl('milestones'), {
      headers: { authorization: `Bearer ${guest}` },
    });
    expect(tab.status()).toBe(200);
    const { items } = await tab.json();
    const verdicts = (milestones: any[]) =>
      milestones.map(({ milestone, checklist }) => ({
        id: milestone.id,
        state: checklist.state,
        items: checklist.items.map((i: any) => ({
          id: i.id,
          passed: i.passed,
          reason: i.reason,
          evidence: i.evidence.map((e: any) => e.reportId),
        })),
      }));
    expect(items.length).toBeGreaterThan(0);
    expect(verdicts(answer.milestones)).toEqual(verdicts(items));
    // Every failing item says why.
    for (const milestone of answer.milestones) {
      for (const item of milestone.checklist.items) {
        if (!item.passed) expect(item.reason.length).toBeGreaterThan(0);
      }
    }
  } finally {
    await client.close();
  }
});

test('classify-triage-failure: the owner may, the static MCP token may not and changes nothing, bad input is a validation error', async ({
  request,
}) => {
  const guest = await guestToken(request);
  const asOwner = await connect(guest);
  const asToken = await connect(mcpToken());
  try {
    const queue = await call(asOwner, 'list-triage-queue', {
      entityRef: ENTITY,
    });
    expect(queue.isError).toBeFalsy();
    const item = queue.structuredContent!.items.find(
      (i: any) => i.scenarioId === 'API-044',
    );
    expect(item?.state).toMatchObject({
      status: 'classified',
      class: 'harness',
    });
    const { failureId } = item;
    const before = await failureState(request, guest, failureId);

    // The token reaches the actions as the MCP plugin's service principal: refused.
    const refused = await call(asToken, 'classify-triage-failure', {
      entityRef: ENTITY,
      failureId,
      class: 'flake',
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /^NotAllowedError: .*no hardening\.ingest\.bindings entry/,
    );
    expect(await failureState(request, guest, failureId)).toEqual(before);

    // Bad input: a validation error for the client, nothing changed, the server fine.
    const invalid = await call(asOwner, 'classify-triage-failure', {
      entityRef: ENTITY,
      failureId,
      class: 'cosmic-rays',
    });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/^InputError: /);
    const noEntity = await call(asOwner, 'classify-triage-failure', {
      entityRef: 'component:default/not a name',
      failureId,
      class: 'harness',
    });
    expect(noEntity.isError).toBe(true);
    expect(textOf(noEntity)).toMatch(/^InputError: /);
    expect(await failureState(request, guest, failureId)).toEqual(before);

    // The owner may: the same class again, with a note, as one more history entry.
    const classified = await call(asOwner, 'classify-triage-failure', {
      entityRef: ENTITY,
      failureId,
      class: 'harness',
      note: 'confirmed through the MCP e2e test',
    });
    expect(classified.isError).toBeFalsy();
    expect(classified.structuredContent).toMatchObject({
      entityRef: ENTITY,
      failureId,
      state: { status: 'classified', class: 'harness' },
      entry: { by: 'user:default/guest', to: 'classified' },
    });
    const after = await failureState(request, guest, failureId);
    expect(after.history).toHaveLength(before.history.length + 1);
    expect(after.history.at(-1)).toMatchObject({
      by: 'user:default/guest',
      class: 'harness',
      note: 'confirmed through the MCP e2e test',
    });
  } finally {
    await asOwner.close();
    await asToken.close();
  }
});
