/** When upload progress is shown: `auto` shows it for large files on a terminal. */
export type ProgressMode = 'auto' | 'always' | 'never';

/** Files from this size on show progress in `auto` mode. */
export const AUTO_PROGRESS_MIN_BYTES = 1024 * 1024;

const TTY_INTERVAL_MS = 100;

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/**
 * Upload progress on stderr. On a terminal one line is redrawn at most every 100 ms; when
 * stderr is not a terminal (and progress was asked for) a line is printed every 10 %.
 */
export class ProgressReporter {
  private lastDraw = -Infinity;
  private lastStep = -1;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: { write(text: string): unknown; isTTY?: boolean },
    private readonly label: string,
    private readonly total: number,
    mode: ProgressMode,
    private readonly now: () => number,
  ) {
    this.enabled =
      mode === 'always' ||
      (mode === 'auto' &&
        stream.isTTY === true &&
        total >= AUTO_PROGRESS_MIN_BYTES);
  }

  private line(sent: number): string {
    const percent =
      this.total === 0 ? 100 : Math.floor((sent / this.total) * 100);
    return `${this.label}: ${percent}% (${mib(sent)} of ${mib(
      this.total,
    )} MiB)`;
  }

  update(sent: number): void {
    if (!this.enabled) return;
    if (this.stream.isTTY) {
      const at = this.now();
      if (at - this.lastDraw < TTY_INTERVAL_MS) return;
      this.lastDraw = at;
      this.stream.write(`\r${this.line(sent)}`);
      return;
    }
    const step = this.total === 0 ? 10 : Math.floor((sent / this.total) * 10);
    if (step > this.lastStep && step < 10) {
      this.lastStep = step;
      this.stream.write(`${this.line(sent)}\n`);
    }
  }

  /** The body was sent completely (or the attempt ended): finish the line. */
  done(sent: number): void {
    if (!this.enabled) return;
    this.stream.write(
      this.stream.isTTY ? `\r${this.line(sent)}\n` : `${this.line(sent)}\n`,
    );
    this.lastDraw = -Infinity;
    this.lastStep = -1;
  }
}
