import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaderServiceReadUrlOptions } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { Readable } from 'node:stream';
import { catalogLocation, readResponse } from '../__testUtils__/triageFixtures';
import { readRepositoryReadPolicy } from '../repositoryReads/repositoryReadSettings';
import { EntityFileReader } from './EntityFileReader';

const ROOT = 'https://github.com/acme/payments-api/blob/main/';
const CHUNK = 64 * 1024;
const GIB = 1024 * 1024 * 1024;
const LIMIT = {
  bytes: 1024 * 1024,
  setting: 'hardening.runbooks.maxUploadBytes',
};

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: {
      ...catalogLocation(`${ROOT}catalog-info.yaml`),
      'backstage.io/source-location':
        'url:https://github.com/evil/loot/tree/main/',
    },
  },
};

/** A 1 GiB file produced chunk by chunk, counting what was pulled from it. */
function hugeFile() {
  const file = { pulled: 0, destroyed: false };
  const stream = new Readable({
    read() {
      if (file.pulled * CHUNK >= GIB) {
        this.push(null);
        return;
      }
      file.pulled += 1;
      this.push(Buffer.alloc(CHUNK, 0x61));
    },
    destroy(error, callback) {
      file.destroyed = true;
      callback(error);
    },
  });
  return { file, stream };
}

function reader(maxFilesPerRequest = 20) {
  const signals: AbortSignal[] = [];
  const huge = hugeFile();
  const urlReader = mockServices.urlReader.mock({
    readUrl: jest.fn(
      async (url: string, options?: UrlReaderServiceReadUrlOptions) => {
        if (options?.signal) signals.push(options.signal);
        if (url.endsWith('/huge.md')) {
          return {
            buffer: async () => {
              throw new Error('the whole file was asked for');
            },
            stream: () => huge.stream,
          };
        }
        return readResponse(`# ${url}\n`);
      },
    ),
  });
  const files = new EntityFileReader({
    urlReader,
    now: () => 0,
    policy: readRepositoryReadPolicy(
      new ConfigReader({
        hardening: { repositoryReads: { maxFilesPerRequest } },
      }),
    ),
  });
  return { files, urlReader, signals, huge: huge.file };
}

describe('EntityFileReader', () => {
  it('stops reading a file at the byte limit instead of reading it whole', async () => {
    const { files, signals, huge } = reader();

    const read = await files.readEntityFile(payments, 'docs/huge.md', {
      limit: LIMIT,
      budget: files.budget(),
    });

    expect(read).toEqual({
      url: `${ROOT}docs/huge.md`,
      refusedBy: 'file-too-large',
      error: `refused by file-too-large: ${ROOT}docs/huge.md is larger than 1048576 bytes (hardening.runbooks.maxUploadBytes); reading stopped there: make the file smaller`,
    });
    // 16 chunks are the limit, the 17th goes over it; the stream reads at most a couple ahead.
    expect(huge.pulled).toBeGreaterThanOrEqual(17);
    expect(huge.pulled).toBeLessThanOrEqual(20);
    expect(huge.destroyed).toBe(true);
    expect(signals[0].aborted).toBe(true);
  });

  it('applies the limit to readers that only give a buffer', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(async () => ({
        buffer: async () => Buffer.alloc(LIMIT.bytes + 1),
      })),
    });
    const files = new EntityFileReader({ urlReader });
    const read = await files.readEntityFile(payments, 'a.md', {
      limit: LIMIT,
      budget: files.budget(),
    });
    expect(read).toMatchObject({ refusedBy: 'file-too-large' });
  });

  it('reads at most maxFilesPerRequest files per budget, cached ones included, in the order asked', async () => {
    const { files, urlReader } = reader(2);
    const ask = (budget: ReturnType<typeof files.budget>) =>
      Promise.all(
        ['a.md', 'b.md', 'a.md', './b.md', 'c.md', 'd.md'].map(path =>
          files.readEntityFile(payments, path, { limit: LIMIT, budget }),
        ),
      );

    const first = await ask(files.budget());
    expect(first.map(r => ('text' in r ? r.url : r.refusedBy))).toEqual([
      `${ROOT}a.md`,
      `${ROOT}b.md`,
      `${ROOT}a.md`,
      `${ROOT}b.md`,
      'too-many-files',
      'too-many-files',
    ]);
    expect(first[4]).toEqual({
      url: `${ROOT}c.md`,
      refusedBy: 'too-many-files',
      error: `refused by too-many-files: ${ROOT}c.md was not read: one request reads at most 2 repository files (hardening.repositoryReads.maxFilesPerRequest); raise the limit or name fewer files`,
    });
    expect(urlReader.readUrl.mock.calls.map(c => c[0])).toEqual([
      `${ROOT}a.md`,
      `${ROOT}b.md`,
    ]);

    // The next request gets the same answer, although a.md and b.md are cached now.
    const second = await ask(files.budget());
    expect(second).toEqual(first);
    expect(urlReader.readUrl).toHaveBeenCalledTimes(2);
  });

  it('never asks the URL reader for a path a rule refuses', async () => {
    const { files, urlReader } = reader();
    const budget = files.budget();
    for (const path of [
      '../loot/secrets.md',
      '%2e%2e/%2e%2e/evil/loot/blob/main/secrets.md',
      'https://github.com/evil/loot/blob/main/secrets.md',
      '//evil.example.com/x.md',
      'docs\\..\\..\\x.md',
      'docs/a.md?ref=evil',
    ]) {
      expect(
        await files.readEntityFile(payments, path, { limit: LIMIT, budget }),
      ).toMatchObject({ refusedBy: expect.stringMatching(/^path-/) });
    }
    expect(urlReader.readUrl).not.toHaveBeenCalled();
  });
});
