import type { Sha256Hex } from '@hardening/backstage-plugin-hardening-common';
import { createHash } from 'node:crypto';

/** The hash function the shared audit chain and contract code is given. */
export const sha256Hex: Sha256Hex = text =>
  createHash('sha256').update(text, 'utf8').digest('hex');
