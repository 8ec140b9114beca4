import { hastChildren, hastText, HastNode } from './hast';

/** The columns a known-issues table is filtered by. */
export type KnownIssueField = 'severity' | 'status' | 'priority';

export const KNOWN_ISSUE_FIELDS: readonly KnownIssueField[] = [
  'severity',
  'status',
  'priority',
];

/** Header names of each field, as the backend's runbook parser reads them. */
const FIELD_HEADERS: Record<KnownIssueField, RegExp> = {
  severity: /^(?:severity|sev)$/i,
  status: /^status$/i,
  priority: /^(?:priority|prio)$/i,
};

/** The cell texts of each row of a table section (`thead` or `tbody`). */
export function tableRows(table: HastNode, section: 'thead' | 'tbody') {
  return hastChildren(table, section)
    .flatMap(part => hastChildren(part, 'tr'))
    .map(row => hastChildren(row, 'th', 'td').map(c => hastText(c).trim()));
}

/** The index of each filter column that the table's header has. */
export function knownIssueColumns(
  table: HastNode,
): Partial<Record<KnownIssueField, number>> {
  const header = tableRows(table, 'thead')[0] ?? [];
  const columns: Partial<Record<KnownIssueField, number>> = {};
  for (const field of KNOWN_ISSUE_FIELDS) {
    const index = header.findIndex(name => FIELD_HEADERS[field].test(name));
    if (index >= 0) columns[field] = index;
  }
  return columns;
}
