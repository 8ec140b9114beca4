import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
};

/** Answers one request; `body` is the request body already read. */
export type Responder = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => void;

/** Answers with a status and a JSON body. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Drops the connection without answering. */
export const hangUp: Responder = req => {
  req.socket.destroy();
};

/**
 * A local HTTP server that records every request and answers them with the responders
 * given, in order (the last one repeats). `early` responders answer before reading the
 * body, like a server refusing an upload by its headers.
 */
export async function startRecordingServer(
  responders: Responder[],
  options: { early?: boolean } = {},
) {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const responder =
      responders[Math.min(requests.length, responders.length - 1)];
    const record: RecordedRequest = {
      method: req.method ?? '',
      url: new URL(req.url ?? '/', 'http://localhost'),
      headers: req.headers,
      body: Buffer.alloc(0),
    };
    requests.push(record);
    if (options.early) {
      res.setHeader('connection', 'close');
      responder(req, res, record.body);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      record.body = Buffer.concat(chunks);
      responder(req, res, record.body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
