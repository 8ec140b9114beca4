import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecordingServer } from './recordingServer';

/**
 * For each test of the enclosing `describe`: a new temporary directory holding `files`,
 * and local recording servers, all removed after the test.
 */
export function useUploadScene(files: Record<string, string>) {
  let dir = '';
  let servers: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hardening-cli-upload-'));
    servers = [];
    for (const [name, content] of Object.entries(files)) {
      await writeFile(join(dir, name), content);
    }
  });
  afterEach(async () => {
    await Promise.all(servers.map(s => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  return {
    /** The temporary directory of the running test. */
    get dir() {
      return dir;
    },
    /** Starts a recording server that is closed after the test. */
    async server(...args: Parameters<typeof startRecordingServer>) {
      const started = await startRecordingServer(...args);
      servers.push(started);
      return started;
    },
  };
}
