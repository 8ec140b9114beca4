import { ReadRefusal, refuse } from './readRefusal';

/** Longest path an annotation may name. */
export const MAX_ANNOTATION_PATH_LENGTH = 512;

/** Percent-decoding rounds applied: once- and twice-encoded paths are understood. */
const MAX_DECODE_ROUNDS = 2;

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * The path an annotation names, decoded and normalised: its segments, to be resolved
 * against the folder of the entity's catalog file. Percent-encoding is decoded (twice at
 * most) before any check, so `%2e%2e`, `%2f` and `%252e%252e` are judged as the `..` and
 * `/` they stand for. `.` segments are dropped (`./docs/a.md`). Refused: absolute URLs of
 * any scheme, `/…` and `//host…`, `..` segments, backslashes, queries and fragments,
 * empty segments, control characters.
 */
export function normalizeAnnotationPath(
  raw: string,
): { segments: string[] } | ReadRefusal {
  const path = raw.trim();
  const shown = JSON.stringify(path.slice(0, 100));
  if (!path) {
    return refuse(
      'path-invalid',
      'the path is empty: name a file, e.g. docs/runbook.md',
    );
  }
  if (path.length > MAX_ANNOTATION_PATH_LENGTH) {
    return refuse(
      'path-invalid',
      `${shown}… is longer than ${MAX_ANNOTATION_PATH_LENGTH} characters`,
    );
  }
  let decoded = path;
  for (let round = 0; PERCENT_ESCAPE.test(decoded); round += 1) {
    if (round === MAX_DECODE_ROUNDS) {
      return refuse(
        'path-invalid',
        `${shown} is percent-encoded more than twice: write the path as it is in the repository`,
      );
    }
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return refuse(
        'path-invalid',
        `${shown} has a malformed percent-encoding: write the path as it is in the repository`,
      );
    }
  }
  if (CONTROL_CHARACTER.test(decoded)) {
    return refuse('path-invalid', `${shown} contains control characters`);
  }
  if (decoded.includes('\\')) {
    return refuse(
      'path-invalid',
      `${shown} contains a backslash: separate folders with /`,
    );
  }
  if (decoded.startsWith('/') || URL.canParse(decoded)) {
    return refuse(
      'path-absolute',
      `${shown} is not a relative path: name a file relative to the folder of the entity's catalog file, e.g. docs/runbook.md`,
    );
  }
  if (/[?#]/.test(decoded)) {
    return refuse(
      'path-query',
      `${shown} has a query or fragment: name the file only`,
    );
  }
  const segments = decoded.split('/').filter(segment => segment !== '.');
  if (segments.includes('..')) {
    return refuse(
      'path-parent',
      `${shown} climbs out of the folder of the entity's catalog file with "..": only files in that folder or below it are read`,
    );
  }
  if (segments.length === 0 || segments.some(segment => segment === '')) {
    return refuse(
      'path-invalid',
      `${shown} has an empty segment or names a folder: name a file, e.g. docs/runbook.md`,
    );
  }
  return { segments };
}
