import { testReportFormatSchema } from '@hardening/backstage-plugin-hardening-common';
import type {
  HardeningTestReportFormat,
  HardeningTestReportFormatsExtensionPoint,
} from '@hardening/backstage-plugin-hardening-node';

/** Bytes of a body a format's `sniff` is shown. */
export const SNIFF_BYTES = 4096;

/** A registered format, and whether it is built in. */
export type RegisteredTestReportFormat = {
  format: HardeningTestReportFormat;
  builtIn: boolean;
  /** The config key that sets the format's `maxBytes`, named in its 413. */
  setting?: string;
};

function checkFormat(format: HardeningTestReportFormat): void {
  const id = testReportFormatSchema.safeParse(format.id);
  if (!id.success) {
    throw new Error(
      `Test-report format id "${format.id}" ${id.error.issues[0].message}`,
    );
  }
  if (typeof format.title !== 'string' || format.title.trim() === '') {
    throw new Error(`Test-report format ${format.id} has no title`);
  }
  if (
    !Array.isArray(format.contentTypes) ||
    format.contentTypes.length === 0 ||
    !format.contentTypes.every(t => /^[\w.+-]+\/[\w.+-]+$/.test(t))
  ) {
    throw new Error(
      `Test-report format ${format.id} needs one or more media types (type/subtype)`,
    );
  }
  if (
    format.maxBytes !== undefined &&
    !(Number.isSafeInteger(format.maxBytes) && format.maxBytes > 0)
  ) {
    throw new Error(
      `Test-report format ${format.id}: maxBytes must be a positive whole number`,
    );
  }
  if (typeof format.parse !== 'function') {
    throw new Error(`Test-report format ${format.id} has no parse function`);
  }
}

/**
 * The test-report formats the upload route reads: the built-in ones (JUnit, CTRF) and
 * those modules add through `hardeningTestReportFormatsExtensionPoint`. Ids are unique:
 * a second format with a taken id stops the backend at start-up.
 */
export class TestReportFormatRegistry {
  readonly #formats = new Map<string, RegisteredTestReportFormat>();

  /**
   * Adds a built-in format; they come before the others in every choice. `setting` is
   * the config key its `maxBytes` comes from.
   */
  addBuiltIn(format: HardeningTestReportFormat, setting?: string): void {
    this.#add(format, true, setting);
  }

  /** What modules are given. */
  extensionPoint(): HardeningTestReportFormatsExtensionPoint {
    return {
      addTestReportFormat: (...formats) => {
        for (const format of formats.flat()) this.#add(format, false);
      },
    };
  }

  #add(
    format: HardeningTestReportFormat,
    builtIn: boolean,
    setting?: string,
  ): void {
    checkFormat(format);
    if (this.#formats.has(format.id)) {
      throw new Error(
        `Test-report format ${format.id} is registered twice; format ids must be unique`,
      );
    }
    this.#formats.set(format.id, { format, builtIn, setting });
  }

  /** Every format, built-in ones first, then in the order they were added. */
  list(): RegisteredTestReportFormat[] {
    const all = [...this.#formats.values()];
    return [...all.filter(f => f.builtIn), ...all.filter(f => !f.builtIn)];
  }

  get(id: string): RegisteredTestReportFormat | undefined {
    return this.#formats.get(id);
  }

  /** The formats sent as a content type `is` matches, in {@link list} order. */
  forContentType(
    is: (types: string[]) => string | false | null,
  ): RegisteredTestReportFormat[] {
    return this.list().filter(f => is([...f.format.contentTypes]));
  }

  /** Every media type some format takes, for the 415's message. */
  contentTypes(): string[] {
    return [...new Set(this.list().flatMap(f => f.format.contentTypes))];
  }
}

/**
 * Which of `candidates` (of one content type, {@link TestReportFormatRegistry.list}
 * order) reads a body that starts with `head`: the first whose `sniff` says yes, else the
 * first. A `sniff` that throws says no.
 */
export function chooseBySniffing(
  candidates: readonly RegisteredTestReportFormat[],
  head: string,
): RegisteredTestReportFormat {
  for (const candidate of candidates) {
    try {
      if (candidate.format.sniff?.(head)) return candidate;
    } catch {
      // A broken sniffing rule must not turn an upload into a 500.
    }
  }
  return candidates[0];
}
