import { InputError } from '@backstage/errors';
import type { HardeningTestReportFormat } from '@hardening/backstage-plugin-hardening-node';
import { TrxDocumentReader } from './TrxDocumentReader';

/**
 * A document whose first element is `<TestRun>`: before it only text outside tags, the
 * XML declaration, comments or a DOCTYPE (which the parser then refuses).
 */
const TRX_HEAD = /^(?:[^<]|<[?!][^>]*>)*<(?:[\w.-]+:)?TestRun[\s>/]/;

/**
 * The TRX format: Visual Studio / `dotnet test --logger trx` results, streamed. Sent as
 * `application/xml` (or `text/xml`) it is told from JUnit by its `<TestRun>` root, or
 * chosen with `?format=trx`.
 */
export const trxFormat: HardeningTestReportFormat = {
  id: 'trx',
  title: 'TRX report',
  contentTypes: ['application/xml', 'text/xml', 'application/vnd.ms-trx+xml'],
  sniff: head => TRX_HEAD.test(head),
  async parse({ body, sink, limits }) {
    const reader = new TrxDocumentReader(limits, sink);
    // Strict UTF-8 (dotnet writes it with a BOM, which the decoder drops).
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let offset = 0;
    const decode = (chunk?: Uint8Array) => {
      try {
        return chunk
          ? decoder.decode(chunk, { stream: true })
          : decoder.decode();
      } catch {
        throw new InputError(
          `Invalid UTF-8 in TRX report after byte offset ${offset}.`,
        );
      }
    };
    for await (const chunk of body) {
      reader.write(decode(chunk));
      offset += chunk.length;
    }
    reader.write(decode());
    reader.close();
  },
};
