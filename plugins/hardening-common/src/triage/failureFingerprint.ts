import { TriageFailure } from './triageReport';

const FNV_OFFSET = BigInt('0xcbf29ce484222325');
const FNV_PRIME = BigInt('0x100000001b3');

/** 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits. Stable everywhere JS runs. */
function fnv1a64(value: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(value)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Whitespace differences (indentation, trailing newlines) do not make another failure. */
function normalized(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The key under which occurrences of the same failure are grouped across runs.
 *
 * With both ids it is `scenarioId|invariantId` (`BID-001|TENANT-001`). When one or both
 * are missing it is the ids that are present followed by `#` and a hash of the title,
 * symptom and message (`BID-001|#3f0c…`), so that unidentified failures still group by
 * what they say. Ids cannot contain `|` or `#`, so the two forms never collide.
 *
 * @public
 */
export function failureFingerprint(
  failure: Pick<
    TriageFailure,
    'scenarioId' | 'invariantId' | 'title' | 'symptom' | 'message'
  >,
): string {
  const { scenarioId, invariantId } = failure;
  if (scenarioId && invariantId) {
    return `${scenarioId}|${invariantId}`;
  }
  const said = [failure.title, failure.symptom, failure.message]
    .map(normalized)
    .join('\n');
  return `${scenarioId ?? ''}|${invariantId ?? ''}#${fnv1a64(said)}`;
}
