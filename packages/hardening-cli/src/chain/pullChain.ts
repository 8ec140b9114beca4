import {
  AuditChainLink,
  ChainVerifier,
} from '@hardening/backstage-plugin-hardening-common';
import { randomBytes } from 'node:crypto';
import {
  FileHandle,
  mkdir,
  open,
  rename,
  rm,
  rmdir,
  stat,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT } from '../CliError';
import { sha256Hex } from '../sha256Hex';
import { ChainLine, readChainLines } from './readChainLines';
import { StoredChainPage } from './storedChainPages';
import { verifyChainFile } from './verifyChainFile';

export type PulledChain = {
  /** Entries written. */
  length: number;
  head: AuditChainLink | null;
  /** Entries the local file had, all of them the stored chain's first ones. */
  kept: number;
};

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * The entries of the local chain file, read alongside the stored chain to check that the
 * file is a prefix of it: verified first (a broken file is not), then compared by hash,
 * which covers each entry's content and everything before it.
 */
class LocalPrefix {
  /** Entries of the file that matched the stored chain. */
  kept = 0;
  private exhausted = false;

  private constructor(
    private readonly shown: string,
    private readonly lines?: AsyncIterator<ChainLine>,
  ) {}

  static async open(path: string, shown: string): Promise<LocalPrefix> {
    if (!(await exists(path))) return new LocalPrefix(shown);
    const verdict = await verifyChainFile(path);
    if (!verdict.ok) {
      throw LocalPrefix.refusal(
        `${shown}:${verdict.line}: the file's chain is broken (${verdict.reason}: ${verdict.message})`,
      );
    }
    return new LocalPrefix(shown, readChainLines(path)[Symbol.asyncIterator]());
  }

  private static refusal(why: string): CliError {
    return new CliError(
      `${why}, so it is not a prefix of the stored chain and pulling would lose what only the file has; nothing was written. Upload the file first (hardening upload audit-chain), or pass --force to replace it with the stored chain`,
      EXIT.CHECK_FAILED,
    );
  }

  /** Checks that the file's next entry, if it has one, is the stored entry `seq`. */
  async agrees(seq: number, hash: string): Promise<void> {
    if (!this.lines || this.exhausted) return;
    const next = await this.lines.next();
    if (next.done) {
      this.exhausted = true;
      return;
    }
    const line = next.value;
    const local = 'entry' in line ? line.entry.hash : undefined;
    if (local !== hash) {
      throw LocalPrefix.refusal(
        `${this.shown}:${
          line.line
        }: the file's entry seq ${seq} (hash ${local?.slice(
          0,
          12,
        )}…) is not the stored one (hash ${hash.slice(0, 12)}…)`,
      );
    }
    this.kept += 1;
  }

  /** Refuses a file longer than the stored chain of `length` entries. */
  async ended(length: number): Promise<void> {
    if (!this.lines || this.exhausted) return;
    const next = await this.lines.next();
    if (!next.done) {
      throw LocalPrefix.refusal(
        `${this.shown}:${next.value.line}: the file goes on after the stored chain's ${length} entries`,
      );
    }
  }

  /** Stops reading the file. */
  async close(): Promise<void> {
    await this.lines?.return?.();
  }
}

/**
 * Writes the entity's stored chain to `path`, one entry per line, oldest first, as
 * `pages` give it: into a temporary file next to it, renamed over it once every page was
 * read and verified, so the file is either the old one or the whole stored chain.
 *
 * Unless `force`, a file that is already there must be a prefix of the stored chain
 * (an intact chain whose entries are the stored chain's first ones): otherwise it holds
 * entries the stored chain does not, and the pull is refused (exit 1) naming the line.
 * A stored chain that does not verify, or that changed while it was read, is refused too.
 */
export async function pullChain(
  pages: AsyncIterable<StoredChainPage>,
  options: { path: string; shown: string; force: boolean; entityRef: string },
): Promise<PulledChain> {
  const { path, shown, entityRef } = options;
  const local = options.force ? undefined : await LocalPrefix.open(path, shown);
  const temp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let file: TempFile | undefined;
  try {
    const verifier = new ChainVerifier(sha256Hex);
    let length = 0;
    let head: StoredChainPage['head'] = null;
    for await (const page of pages) {
      const lines: string[] = [];
      for (const { seq, entry } of page.entries) {
        if (seq !== length) {
          throw new CliError(
            `the backend listed seq ${seq} where seq ${length} belongs in the chain of ${entityRef}; nothing was written`,
            EXIT.UNAVAILABLE,
          );
        }
        verifier.push(entry, seq);
        await local?.agrees(seq, entry.hash);
        lines.push(`${JSON.stringify(entry)}\n`);
        length += 1;
      }
      file ??= await createFile(temp, shown);
      await file.handle.write(lines.join(''));
      head = page.head;
    }
    const verdict = verifier.finish();
    if (!verdict.ok) {
      throw new CliError(
        `the stored chain of ${entityRef} does not verify at seq ${verdict.seq} (${verdict.reason}): ${verdict.message}; nothing was written`,
        EXIT.CHECK_FAILED,
      );
    }
    if ((head?.hash ?? null) !== (verdict.head?.hash ?? null)) {
      throw new CliError(
        `the stored chain of ${entityRef} changed while it was read (its head is now seq ${head?.seq}); run the command again. Nothing was written`,
        EXIT.UNAVAILABLE,
      );
    }
    await local?.ended(length);
    file ??= await createFile(temp, shown);
    await file.handle.sync();
    await file.handle.close();
    await rename(temp, path).catch(error => {
      throw cannotWrite(shown, error);
    });
    return { length, head: verdict.head, kept: local?.kept ?? 0 };
  } catch (error) {
    await file?.discard();
    throw error;
  } finally {
    await local?.close();
  }
}

function cannotWrite(shown: string, error: unknown): CliError {
  return new CliError(
    `cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? error}`,
  );
}

type TempFile = { handle: FileHandle; discard: () => Promise<void> };

/**
 * The temporary file next to the chain file, its directory made if need be; `discard`
 * removes it, and the directories made for it if they are empty.
 */
async function createFile(temp: string, shown: string): Promise<TempFile> {
  try {
    const made = await mkdir(dirname(temp), { recursive: true });
    const handle = await open(temp, 'wx', 0o644);
    const discard = async () => {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      for (let dir = dirname(temp); made; dir = dirname(dir)) {
        const removed = await rmdir(dir).then(
          () => true,
          () => false,
        );
        if (!removed || dir === made) break;
      }
    };
    return { handle, discard };
  } catch (error) {
    throw cannotWrite(shown, error);
  }
}
