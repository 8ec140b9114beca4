import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Request } from 'express';
import { PayloadTooLargeError } from './errors';
import { BoundedRequestBody } from './requestBody';

/**
 * A request whose body arrives in these chunks, with or without a Content-Length (its
 * length, or the one given).
 */
function requestOf(chunks: Buffer[], declareLength: boolean | number): Request {
  const req = Readable.from(chunks, {
    objectMode: false,
  }) as unknown as Request;
  const length =
    typeof declareLength === 'number'
      ? declareLength
      : chunks.reduce((n, c) => n + c.length, 0);
  req.headers =
    declareLength === false ? {} : { 'content-length': String(length) };
  return req;
}

const MiB = 1024 * 1024;
const limitOf = (
  maxBytes: number,
  setting = 'hardening.ingest.maxUploadBytes',
) => ({
  maxBytes,
  setting,
});

/** The sizes of the buffers `Buffer.allocUnsafe` handed out while `read` ran. */
async function allocations(read: () => Promise<unknown>): Promise<number[]> {
  const spy = jest.spyOn(Buffer, 'allocUnsafe');
  try {
    await read();
    return spy.mock.calls.map(([size]) => size);
  } finally {
    spy.mockRestore();
  }
}

describe('BoundedRequestBody', () => {
  // Multi-byte characters split across chunks, and a body far beyond the first 64 KiB.
  const text = `{"name":"é€😀","pad":"${'x'.repeat(200_000)}"}`;
  const bytes = Buffer.from(text, 'utf8');
  const chunks = [10, 12, 16, 100_000].reduce<Buffer[]>(
    (parts, end, i, ends) => [
      ...parts,
      bytes.subarray(
        i ? ends[i - 1] : 0,
        i === ends.length - 1 ? undefined : end,
      ),
    ],
    [],
  );

  it.each([
    ['a declared length', true],
    ['no declared length', false],
  ])(
    'decodes a body with %s once, whole, with its digest',
    async (_n, declared) => {
      const body = new BoundedRequestBody(
        requestOf(chunks, declared),
        limitOf(MiB),
      );
      expect(await body.text()).toBe(text);
      expect(body.digest()).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    },
  );

  it('refuses a body over the limit, naming the setting', async () => {
    const body = new BoundedRequestBody(
      requestOf(chunks, false),
      limitOf(100_000, 'hardening.ingest.maxJsonUploadBytes'),
    );
    const read = body.text();
    await expect(read).rejects.toThrow(PayloadTooLargeError);
    await expect(read).rejects.toThrow(
      'Upload exceeds the limit of 100000 bytes (hardening.ingest.maxJsonUploadBytes)',
    );
    expect(
      () => new BoundedRequestBody(requestOf(chunks, true), limitOf(100_000)),
    ).toThrow(
      'Upload exceeds the limit of 100000 bytes (hardening.ingest.maxUploadBytes)',
    );
  });

  it('refuses a body over a fixed limit, saying that no setting raises it', () => {
    expect(
      () =>
        new BoundedRequestBody(requestOf(chunks, true), {
          maxBytes: 100_000,
          fixedFor: 'ci-gates uploads',
        }),
    ).toThrow(
      'Upload exceeds the fixed limit of 100000 bytes for ci-gates uploads; no setting raises it: send a smaller body',
    );
  });

  it('sets aside 64 KiB, not the declared length, before the bytes come, and grows by doubling up to it', async () => {
    // 16 MiB declared, 10 bytes sent: nothing near 16 MiB is held.
    const small = new BoundedRequestBody(
      requestOf([Buffer.from('{"a":"b"} ')], 16 * MiB),
      limitOf(16 * MiB),
    );
    expect(await allocations(() => small.text())).toEqual([64 * 1024]);

    // 200,029 bytes declared and sent in chunks of 50,000: 64 KiB, 128 KiB, then the
    // declared length (not 256 KiB).
    const pieces = [0, 50_000, 100_000, 150_000, 200_000].map(start =>
      bytes.subarray(start, start + 50_000),
    );
    const whole = new BoundedRequestBody(
      requestOf(pieces, true),
      limitOf(16 * MiB),
    );
    let read = '';
    expect(
      await allocations(async () => {
        read = await whole.text();
      }),
    ).toEqual([64 * 1024, 128 * 1024, bytes.length]);
    expect(read).toBe(text);

    // A body smaller than 64 KiB gets a buffer of its declared length.
    const tiny = new BoundedRequestBody(
      requestOf([Buffer.from('{}')], true),
      limitOf(16 * MiB),
    );
    expect(await allocations(() => tiny.text())).toEqual([2]);
  });
});
