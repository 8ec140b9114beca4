import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Request } from 'express';
import { PayloadTooLargeError } from './errors';
import { BoundedRequestBody } from './requestBody';

/** A request whose body arrives in these chunks, with or without a Content-Length. */
function requestOf(chunks: Buffer[], declareLength: boolean): Request {
  const req = Readable.from(chunks, {
    objectMode: false,
  }) as unknown as Request;
  const length = chunks.reduce((n, c) => n + c.length, 0);
  req.headers = declareLength ? { 'content-length': String(length) } : {};
  return req;
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
      const body = new BoundedRequestBody(requestOf(chunks, declared), 1 << 20);
      expect(await body.text()).toBe(text);
      expect(body.digest()).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    },
  );

  it('refuses a body over the limit, naming the setting', async () => {
    const body = new BoundedRequestBody(
      requestOf(chunks, false),
      100_000,
      'hardening.ingest.maxJsonUploadBytes',
    );
    const read = body.text();
    await expect(read).rejects.toThrow(PayloadTooLargeError);
    await expect(read).rejects.toThrow(
      'Upload exceeds the limit of 100000 bytes (hardening.ingest.maxJsonUploadBytes)',
    );
    expect(
      () => new BoundedRequestBody(requestOf(chunks, true), 100_000),
    ).toThrow(
      'Upload exceeds the limit of 100000 bytes (hardening.ingest.maxUploadBytes)',
    );
  });
});
