import { z } from 'zod';

/** A failed request: what was asked, the status and the start of the answer. */
export class HttpError extends Error {
  constructor(readonly what: string, readonly status: number, body: string) {
    super(`${what}: ${status} ${body.slice(0, 300)}`);
  }
}

export const storedReportSchema = z.looseObject({
  id: z.string(),
  entityRef: z.string(),
  kind: z.string(),
});

export const uploadResultSchema = z.looseObject({
  created: z.boolean(),
  report: storedReportSchema,
});

export const reportPageSchema = z.looseObject({
  items: z.array(storedReportSchema),
  nextCursor: z.string().optional(),
});

export const summarySchema = z.looseObject({
  entityRef: z.string(),
  latest: z.array(storedReportSchema),
});

const chainHeadSchema = z.looseObject({ seq: z.number(), hash: z.string() });

export const chainPageSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      seq: z.number(),
      entry: z.looseObject({ prevHash: z.string(), hash: z.string() }),
    }),
  ),
  nextCursor: z.string().optional(),
  head: chainHeadSchema.nullable(),
});

export const chainVerificationSchema = z.looseObject({
  ok: z.boolean(),
  length: z.number(),
  head: chainHeadSchema.nullable(),
});

export const transparencySchema = z.looseObject({
  checkpoint: z.string(),
  treeSize: z.number(),
  rootHash: z.string(),
});

export type ChainPage = z.infer<typeof chainPageSchema>;

/** `component:default/payments-api` → `/api/hardening/entities/component/default/payments-api` */
export function entityPath(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) throw new Error(`not a full entity ref: ${ref}`);
  return `/api/hardening/entities/${match
    .slice(1)
    .map(encodeURIComponent)
    .join('/')}`;
}

export type Answer = { status: number; text: string };

/** One replica of the backend, called with a bearer token. */
export class ReplicaClient {
  constructor(
    readonly name: string,
    readonly origin: string,
    private readonly token: string,
  ) {}

  async send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: { contentType: string; bytes: string },
    init?: { signal?: AbortSignal },
  ): Promise<Answer> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': body.contentType } : {}),
      },
      body: body?.bytes,
      signal: init?.signal,
    });
    return { status: response.status, text: await response.text() };
  }

  /** POST of a body streamed as it is read (an upload too big to hold in memory). */
  async postStream(
    path: string,
    contentType: string,
    body: ReadableStream<Uint8Array>,
  ): Promise<Answer> {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': contentType,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: response.status, text: await response.text() };
  }

  /** GET that must answer 200, parsed with the schema. */
  async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const answer = await this.send('GET', path);
    if (answer.status !== 200) {
      throw new HttpError(
        `${this.name} GET ${path}`,
        answer.status,
        answer.text,
      );
    }
    return schema.parse(JSON.parse(answer.text));
  }

  /** GET of a text route that must answer 200. */
  async getText(path: string): Promise<string> {
    const answer = await this.send('GET', path);
    if (answer.status !== 200) {
      throw new HttpError(
        `${this.name} GET ${path}`,
        answer.status,
        answer.text,
      );
    }
    return answer.text;
  }

  /** Every page of a report listing, newest first. */
  async listAll(path: string): Promise<z.infer<typeof storedReportSchema>[]> {
    const out: z.infer<typeof storedReportSchema>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get(
        `${path}?limit=500${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
        reportPageSchema,
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
