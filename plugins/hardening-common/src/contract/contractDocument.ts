import { z } from 'zod';

/**
 * Kinds of delivery-contract gate.
 *
 * - `file_content`: every file matched by `targets` must match each `must_match`
 *   pattern and none of the `must_not_match` patterns.
 * - `file_exists`: `targets` must match at least one file.
 * - `command`: a command run by the CI checker; the backend stores it and never runs it.
 *
 * @public
 */
export const contractGateTypeSchema = z.enum(
  ['file_content', 'file_exists', 'command'],
  {
    error: 'must be one of file_content, file_exists, command',
  },
);

/** @public */
export type ContractGateType = z.infer<typeof contractGateTypeSchema>;

/**
 * `active` gates must pass; `planned` gates are written down but do not block yet.
 *
 * @public
 */
export const contractGateStatusSchema = z.enum(['active', 'planned'], {
  error: 'must be active or planned',
});

/** @public */
export type ContractGateStatus = z.infer<typeof contractGateStatusSchema>;

/**
 * A gate id: lower-case words joined by `.`, `_` or `-`, e.g. `security.auth_check_existence`.
 *
 * @public
 */
export const contractGateIdSchema = z
  .string({ error: 'must be a string' })
  .min(1)
  .max(128)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'gate ids are lower-case words joined by ".", "_" or "-", e.g. security.auth_check',
  );

/** Most gates in one contract. */
export const MAX_CONTRACT_GATES = 500;
/** Longest regular expression source accepted in a gate. */
export const MAX_PATTERN_LENGTH = 2048;

const globSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(1024)
  .refine(g => !g.includes('\0'), 'must not contain NUL characters');

const patternSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(MAX_PATTERN_LENGTH);

/** The compile error of a regular expression source, or undefined when it compiles. */
function regexError(source: string): string | undefined {
  try {
    // Compiled only to check the syntax; contracts are evaluated by the CI checker.
    // eslint-disable-next-line no-new
    new RegExp(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const PATTERN_FIELDS = ['must_match', 'must_not_match'] as const;

/**
 * One gate of a delivery contract.
 *
 * @public
 */
export const contractGateSchema = z
  .strictObject({
    id: contractGateIdSchema,
    description: z.string({ error: 'must be a string' }).min(1).max(4096),
    type: contractGateTypeSchema,
    /** Glob patterns of repository files, relative to the repository root. */
    targets: z.array(globSchema).max(100).optional(),
    /** JavaScript regular expressions (no flags) every target file must match. */
    must_match: z.array(patternSchema).max(100).optional(),
    /** JavaScript regular expressions (no flags) no target file may match. */
    must_not_match: z.array(patternSchema).max(100).optional(),
    /** For `command` gates: what the CI checker runs. Stored, never run by the backend. */
    command: z.string().min(1).max(4096).optional(),
    status: contractGateStatusSchema,
    severity: z
      .enum(['error', 'warning'], { error: 'must be error or warning' })
      .optional(),
    milestone: z.string().min(1).max(128).optional(),
  })
  .superRefine((gate, ctx) => {
    if (gate.type !== 'command' && !gate.targets?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets'],
        message: `${gate.type} gate "${gate.id}" needs at least one target glob`,
      });
    }
    const patterns = [
      ...(gate.must_match ?? []),
      ...(gate.must_not_match ?? []),
    ];
    if (gate.type === 'file_content' && patterns.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['must_match'],
        message: `file_content gate "${gate.id}" needs must_match or must_not_match patterns`,
      });
    }
    if (gate.type !== 'file_content' && patterns.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [gate.must_match?.length ? 'must_match' : 'must_not_match'],
        message: `patterns apply to file_content gates only, not to ${gate.type} gate "${gate.id}"`,
      });
    }
    if (gate.command !== undefined && gate.type !== 'command') {
      ctx.addIssue({
        code: 'custom',
        path: ['command'],
        message: `command applies to command gates only, not to ${gate.type} gate "${gate.id}"`,
      });
    }
    for (const field of PATTERN_FIELDS) {
      gate[field]?.forEach((source, index) => {
        const error = regexError(source);
        if (error !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field, index],
            message: `invalid regular expression ${JSON.stringify(
              source,
            )} in gate "${gate.id}": ${error}`,
          });
        }
      });
    }
  });

/** @public */
export type ContractGate = z.infer<typeof contractGateSchema>;

/**
 * A delivery contract: the gates an entity's code must keep passing.
 *
 * @public
 */
export const contractDocumentSchema = z
  .strictObject({
    version: z
      .union([z.number(), z.string().max(64)], {
        error: 'must be a number or a string',
      })
      .optional(),
    milestone: z.string().min(1).max(128).optional(),
    gates: z
      .array(contractGateSchema, { error: 'must be a list of gates' })
      .min(1, 'a contract needs at least one gate')
      .max(MAX_CONTRACT_GATES),
  })
  .superRefine((contract, ctx) => {
    const firstIndex = new Map<string, number>();
    contract.gates.forEach((gate, index) => {
      const first = firstIndex.get(gate.id);
      if (first === undefined) {
        firstIndex.set(gate.id, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['gates', index, 'id'],
        message: `duplicate gate id "${gate.id}" (already used by gates[${first}])`,
      });
    });
  });

/** @public */
export type ContractDocument = z.infer<typeof contractDocumentSchema>;

/**
 * `gates[3].must_match[0]` for the zod issue path `['gates', 3, 'must_match', 0]`.
 *
 * @public
 */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
    }
  }
  return out || '(root)';
}

/**
 * Validates a parsed contract (from YAML or JSON). The gates may be given as a top-level
 * `gates:` list or as a bare list of gates; both give the same contract.
 *
 * @public
 */
export function parseContractDocument(
  value: unknown,
):
  | { success: true; contract: ContractDocument }
  | { success: false; issues: { path: PropertyKey[]; message: string }[] } {
  const input = Array.isArray(value) ? { gates: value } : value;
  if (input === null || typeof input !== 'object') {
    return {
      success: false,
      issues: [
        {
          path: [],
          message:
            'a contract is a mapping with a "gates" list, or a list of gates',
        },
      ],
    };
  }
  const parsed = contractDocumentSchema.safeParse(input);
  if (parsed.success) {
    return { success: true, contract: parsed.data };
  }
  return {
    success: false,
    issues: parsed.error.issues.map(issue => ({
      path: [...issue.path],
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field(s): ${issue.keys.join(', ')}`
          : issue.message,
    })),
  };
}
