import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ED25519_COSIGNATURE_TYPE,
  generateNoteKey,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { applyDatabaseMigrations } from '../database/migrations';
import { loadSigningKey } from './signingKey';
import { readTransparencySettings } from './transparencySettings';

const logKey = generateNoteKey('backstage.example.com/hardening');
const witness = generateNoteKey(
  'witness.example.com/w1',
  ED25519_COSIGNATURE_TYPE,
);

const settings = (transparency: object) =>
  readTransparencySettings(
    new ConfigReader({
      backend: { baseUrl: 'https://backstage.example.com' },
      hardening: { transparency },
    }),
  );

describe('readTransparencySettings', () => {
  it('reads the signing key, the witnesses and the witnesses a freeze requires', () => {
    const read = settings({
      signingKey: logKey.signerKey,
      witnesses: [{ key: witness.verifierKey }],
      freezeRequiresWitnesses: ['witness.example.com/w1'],
    });
    expect(read.signingKey?.verifierKey).toBe(logKey.verifierKey);
    expect(read.witnesses.map(w => w.name)).toEqual(['witness.example.com/w1']);
    expect(read.freezeRequiresWitnesses).toEqual(['witness.example.com/w1']);
    expect(read.generatedKeyName).toBe('backstage.example.com/hardening');
  });

  it.each([
    [{ signingKey: 'PRIVATE+KEY+x+00000000+AAAA' }, /signingKey/],
    [{ signingKey: witness.signerKey }, /witness cosignature key/],
    [{ witnesses: [{ key: logKey.verifierKey }] }, /type 0x04/],
    [
      {
        witnesses: [{ key: witness.verifierKey }, { key: witness.verifierKey }],
      },
      /same name/,
    ],
    [{ freezeRequiresWitnesses: ['nobody'] }, /nobody is not the name/],
  ])('stops the start-up on invalid settings %#', (transparency, message) => {
    expect(() => settings(transparency)).toThrow(message);
  });

  it('never puts the signing key in its error message', () => {
    const broken = `${logKey.signerKey.slice(0, -4)}AAAA`;
    let message = '';
    try {
      settings({ signingKey: broken });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/signingKey/);
    expect(message).not.toContain(broken.split('+').pop());
  });
});

// Migrations on PostgreSQL can outlast the 5 s default on a busy CI machine.
jest.setTimeout(60_000);
const { databases, ids } = createTestDatabases();

describe.each(ids)('loadSigningKey on %s', databaseId => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
  });

  it('uses the configured key and stores nothing', async () => {
    const logger = mockServices.logger.mock();
    const key = await loadSigningKey(
      knex,
      settings({ signingKey: logKey.signerKey }),
      logger,
    );
    expect(key.verifierKey).toBe(logKey.verifierKey);
    expect(await knex('transparency_signing_keys').count({ n: '*' })).toEqual([
      { n: databaseId === 'POSTGRES_15' ? '0' : 0 },
    ]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('generates a key once, keeps it for every later start and warns each time', async () => {
    const logger = mockServices.logger.mock();
    const [first, second] = await Promise.all([
      loadSigningKey(knex, settings({}), logger),
      loadSigningKey(knex, settings({}), logger),
    ]);
    const third = await loadSigningKey(knex, settings({}), logger);
    expect(second.verifierKey).toBe(first.verifierKey);
    expect(third.verifierKey).toBe(first.verifierKey);
    expect(first.name).toBe('backstage.example.com/hardening');
    expect(logger.warn).toHaveBeenCalledTimes(3);
    expect(logger.warn.mock.calls[2][0]).toMatch(
      /hardening.transparency.signingKey is not set/,
    );
  });
});
