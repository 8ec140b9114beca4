import * as http from 'node:http';
import * as https from 'node:https';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A request body that can be sent again (each attempt opens a new stream). */
export type RequestBody = {
  size: number;
  open: () => Readable;
};

export type OutgoingRequest = {
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  headers: Record<string, string>;
  body?: RequestBody;
};

export type IncomingAnswer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The answer's body as text, at most `maxAnswerBytes` ({@link MAX_ANSWER_BYTES}). */
  text: string;
  /** The answer was longer: the connection was closed after `maxAnswerBytes`. */
  truncated: boolean;
};

/** Most bytes of an answer kept: answers are JSON reports or error messages. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** The connection was idle for longer than allowed. */
export class RequestTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(seconds: number) {
    super(`no progress for ${seconds} s`);
  }
}

function readAnswer(
  res: http.IncomingMessage,
  maxBytes: number,
): Promise<IncomingAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    const finish = (truncated: boolean) =>
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
        truncated,
      });
    res.on('data', (chunk: Buffer) => {
      if (kept > maxBytes) return;
      chunks.push(chunk);
      kept += chunk.length;
      if (kept > maxBytes) {
        // Not worth reading on: stop the server sending more.
        finish(true);
        res.destroy();
      }
    });
    res.on('end', () => finish(false));
    res.on('error', reject);
  });
}

/**
 * Sends one request, streaming the body (never holding it in memory) and reporting how
 * many bytes went out. An answer that arrives before the body is sent (a 413 or 401 the
 * server gives after the headers) wins over the write error that follows it.
 */
export function sendRequest(
  request: OutgoingRequest,
  options: {
    idleTimeoutMs: number;
    onProgress?: (sent: number) => void;
    /** Most bytes of the answer read (default {@link MAX_ANSWER_BYTES}). */
    maxAnswerBytes?: number;
  },
): Promise<IncomingAnswer> {
  const client = request.url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body) headers['content-length'] = String(request.body.size);

  return new Promise<IncomingAnswer>((resolve, reject) => {
    let answered = false;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled || answered) return;
      settled = true;
      reject(error);
    };

    const req = client.request(request.url, {
      method: request.method,
      headers,
    });
    req.setTimeout(options.idleTimeoutMs, () =>
      req.destroy(new RequestTimeoutError(options.idleTimeoutMs / 1000)),
    );
    req.on('error', fail);
    req.on('response', res => {
      answered = true;
      readAnswer(res, options.maxAnswerBytes ?? MAX_ANSWER_BYTES).then(
        answer => {
          settled = true;
          resolve(answer);
        },
        error => {
          settled = true;
          reject(error);
        },
      );
    });

    if (!request.body) {
      req.end();
      return;
    }
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        options.onProgress?.(sent);
        callback(null, chunk);
      },
    });
    pipeline(request.body.open(), counter, req).catch(error => {
      // A local read error must not look like a network problem worth retrying.
      if (!answered) req.destroy();
      fail(error);
    });
  });
}
