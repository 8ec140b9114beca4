import { JsonObject } from '@backstage/types';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseContractDocument } from '@hardening/backstage-plugin-hardening-common';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import {
  DEFAULT_LAYOUT,
  securityDefaultContract,
} from '../contract/securityDefaultContract';
import { seedContractAction } from './seedContractAction';

describe('hardening:contract:seed', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());

  const seed = (input: JsonObject) => {
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
    });
    return { ctx, done: seedContractAction().handler(ctx as any) };
  };
  const written = async (path = 'docs/delivery-contract.yml') => {
    const text = await readFile(workspace.resolve(path), 'utf8');
    const parsed = parseContractDocument(parse(text));
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    return { text, contract: parsed.contract };
  };

  it('writes the security-default gates as a valid contract', async () => {
    const { ctx, done } = seed({});
    await done;
    const { text, contract } = await written();

    expect(text).toMatch(
      /^# Delivery contract: rules that must stay true in this code base\./,
    );
    expect(contract).toEqual(securityDefaultContract(DEFAULT_LAYOUT));
    expect(contract.gates.map(g => [g.id, g.status])).toEqual([
      ['security.auth-before-data', 'active'],
      ['security.input-validation', 'active'],
      ['security.fail-safe-errors', 'active'],
      ['security.no-hardcoded-secrets', 'active'],
      ['tenant.scoped-queries', 'active'],
      ['audit.critical-actions', 'planned'],
      ['ops.incident-runbook', 'planned'],
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'docs/delivery-contract.yml',
    );
  });

  it("points the gates at the service's own files and checks", async () => {
    await seed({
      path: 'contract.yml',
      routes: ['services/api/handlers/**/*.ts'],
      authPattern: 'auth\\.api\\.getSession\\(',
      tenantIsolation: false,
      milestone: 'M3.3',
    }).done;
    const { contract } = await written('contract.yml');

    expect(contract.milestone).toBe('M3.3');
    expect(contract.gates[0]).toMatchObject({
      targets: ['services/api/handlers/**/*.ts'],
      must_match: ['auth\\.api\\.getSession\\('],
    });
    expect(contract.gates.map(g => g.id)).not.toContain(
      'tenant.scoped-queries',
    );
  });

  it('finds hard-coded credentials and hand-written 500s with its default patterns', async () => {
    await seed({}).done;
    const { contract } = await written();
    const pattern = (id: string) =>
      new RegExp(contract.gates.find(g => g.id === id)!.must_not_match![0]);

    const secrets = pattern('security.no-hardcoded-secrets');
    expect(secrets.test("const API_KEY = 'sk_live_0123456789';")).toBe(true);
    expect(secrets.test('password: "correct-horse-battery"')).toBe(true);
    expect(secrets.test('const password = process.env.DB_PASSWORD;')).toBe(
      false,
    );
    const errors = pattern('security.fail-safe-errors');
    expect(errors.test('res.status(500).json(error)')).toBe(true);
    expect(errors.test('res.status(404).end()')).toBe(false);
  });

  it('refuses to replace a contract unless asked, and to write outside the workspace', async () => {
    await seed({}).done;
    await expect(seed({}).done).rejects.toThrow(
      'docs/delivery-contract.yml already exists in the workspace; set overwrite to replace it',
    );
    await expect(
      seed({ overwrite: true, milestone: 'M2' }).done,
    ).resolves.toBeUndefined();
    expect((await written()).contract.milestone).toBe('M2');

    await expect(seed({ path: '../outside.yml' }).done).rejects.toThrow(
      /outside/i,
    );
  });

  it('refuses a pattern that is not a regular expression', async () => {
    await expect(seed({ authPattern: 'requireCaller(' }).done).rejects.toThrow(
      /The delivery contract would be invalid: gates\[0\]\.must_match\[0\]: invalid regular expression/,
    );
  });
});
