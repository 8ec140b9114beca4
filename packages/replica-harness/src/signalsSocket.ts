import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

const signalSchema = z.looseObject({
  channel: z.string(),
  message: z.unknown(),
});

export type Signal = z.infer<typeof signalSchema> & { receivedAt: number };

/** How long one connection attempt may take to open. */
const ATTEMPT_MS = 2000;

/**
 * One attempt at a WebSocket to `url` with `token` as its subprotocol: the open socket, or
 * why it did not open within {@link ATTEMPT_MS} (then it is closed).
 */
async function openOnce(
  url: string,
  token: string,
): Promise<WebSocket | string> {
  const socket = new WebSocket(url, [token]);
  const settled = new Promise<WebSocket | string>(resolve => {
    const once = { once: true };
    socket.addEventListener('open', () => resolve(socket), once);
    socket.addEventListener(
      'error',
      event => resolve((event as { message?: string }).message || 'error'),
      once,
    );
    socket.addEventListener('close', () => resolve('closed'), once);
  });
  const outcome = await Promise.race([
    settled,
    sleep(ATTEMPT_MS, `not open after ${ATTEMPT_MS} ms`, { ref: false }),
  ]);
  if (typeof outcome === 'string') socket.close();
  return outcome;
}

/**
 * A user's connection to one replica's signals backend, as the app's signals client
 * makes it: a WebSocket to `/api/signals` with the user's token as its subprotocol, then
 * one `subscribe` message per channel. Keeps every signal it receives.
 */
export class SignalsSocket {
  readonly received: Signal[] = [];

  private constructor(
    readonly replica: string,
    private readonly socket: WebSocket,
  ) {
    socket.addEventListener('message', event => {
      const parsed = signalSchema.safeParse(
        JSON.parse(typeof event.data === 'string' ? event.data : 'null'),
      );
      if (parsed.success) {
        this.received.push({ ...parsed.data, receivedAt: Date.now() });
      }
    });
  }

  /**
   * Connects and subscribes, retrying until `deadline`: the signals backend starts
   * listening for upgrades only once a first upgrade request has reached its router, and
   * that first request is refused or left unanswered (seen here), so an attempt that has
   * not opened within {@link ATTEMPT_MS} is given up and made again, as the app's signals
   * client reconnects.
   */
  static async connect(options: {
    replica: string;
    origin: string;
    token: string;
    channels: readonly string[];
    deadline: number;
  }): Promise<SignalsSocket> {
    const url = `${options.origin.replace(/^http/, 'ws')}/api/signals`;
    let lastError = 'no attempt';
    while (Date.now() < options.deadline) {
      const attempt = await openOnce(url, options.token);
      if (typeof attempt !== 'string') {
        for (const channel of options.channels) {
          attempt.send(JSON.stringify({ action: 'subscribe', channel }));
        }
        return new SignalsSocket(options.replica, attempt);
      }
      lastError = attempt;
      await sleep(300);
    }
    throw new Error(
      `${options.replica}: no signals connection by the deadline (${lastError})`,
    );
  }

  /** The signals received on `channel` whose message passes `filter`. */
  on(channel: string, filter: (message: unknown) => boolean = () => true) {
    return this.received.filter(
      s => s.channel === channel && filter(s.message),
    );
  }

  close() {
    this.socket.close();
  }
}
