import { runbookHeadingIds } from '@hardening/backstage-plugin-hardening-common';
import { hastChildren, hastText, HastNode, walkHast } from './hast';
import { knownIssueColumns } from './knownIssueColumns';

export type RehypeRunbookOptions = {
  /** The backend's table of contents ids, in document order. */
  headingIds: readonly string[];
  /** The pass-signal texts of the runbook's walkthroughs. */
  passSignals: readonly string[];
  /** Ids of the sections the backend found known issues in. */
  knownIssueSections: readonly string[];
};

const HEADING = /^h[1-6]$/;

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "Pass signal: <signal>" and the like: a label, a colon, then one of the signals. */
function isPassSignal(text: string, signals: readonly string[]): boolean {
  const said = normalized(text);
  return signals.some(signal => {
    const wanted = normalized(signal);
    if (!wanted || said.length <= wanted.length || !said.endsWith(wanted)) {
      return false;
    }
    return /[:：]$/.test(said.slice(0, -wanted.length).trim());
  });
}

/**
 * A rehype plugin for runbooks: gives headings the backend's anchor ids (GitHub's,
 * computed with `runbookHeadingIds` when the two parsers disagree on the headings),
 * marks walkthrough pass signals (`data-pass-signal`) and known-issues tables
 * (`data-known-issues`, numbered) so that the renderer can highlight and filter them.
 */
export function rehypeRunbook(options: RehypeRunbookOptions) {
  return (tree: HastNode) => {
    const headings: HastNode[] = [];
    walkHast(tree, node => {
      if (HEADING.test(node.tagName ?? '')) headings.push(node);
    });
    const ids =
      options.headingIds.length === headings.length
        ? options.headingIds
        : runbookHeadingIds(headings.map(hastText));
    headings.forEach((heading, i) => {
      heading.properties = { ...heading.properties, id: ids[i] };
    });

    let section: string | undefined;
    let tables = 0;
    walkHast(tree, node => {
      const tag = node.tagName ?? '';
      if (HEADING.test(tag)) {
        section = node.properties?.id as string;
      } else if (tag === 'table') {
        const columns = knownIssueColumns(node);
        const underKnownIssues =
          section !== undefined && options.knownIssueSections.includes(section);
        if (
          columns.severity !== undefined ||
          (underKnownIssues && Object.keys(columns).length > 0)
        ) {
          node.properties = {
            ...node.properties,
            dataKnownIssues: String(tables),
          };
          tables += 1;
        }
      } else if (
        (tag === 'p' ||
          (tag === 'li' && hastChildren(node, 'p').length === 0)) &&
        isPassSignal(hastText(node), options.passSignals)
      ) {
        node.properties = { ...node.properties, dataPassSignal: true };
      }
    });
  };
}
