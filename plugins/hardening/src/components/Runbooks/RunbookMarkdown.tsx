import { Runbook } from '@hardening/backstage-plugin-hardening-common';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import ReactMarkdown, { uriTransformer } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { MarkdownTable, MarkdownTableRow } from './KnownIssuesTable';
import { MarkdownCodeBlock } from './MarkdownCodeBlock';
import { rehypeRunbook, RehypeRunbookOptions } from './rehypeRunbook';

const useStyles = makeStyles(theme => ({
  markdown: {
    overflowWrap: 'anywhere',
    '& h1, & h2, & h3, & h4': { scrollMarginTop: theme.spacing(8) },
    '& pre': {
      margin: 0,
      padding: theme.spacing(1.5),
      overflowX: 'auto',
      background: theme.palette.background.default,
      borderRadius: theme.shape.borderRadius,
      fontSize: theme.typography.body2.fontSize,
    },
    // Tables keep whole words: a heading wraps between words only, a cell breaks a word
    // only when it is longer than the column can be (the table scrolls sideways instead).
    '& table': {
      borderCollapse: 'collapse',
      margin: theme.spacing(1, 0),
      overflowWrap: 'normal',
    },
    '& th': { wordBreak: 'keep-all', overflowWrap: 'normal' },
    '& td': { overflowWrap: 'break-word' },
    '& th, & td': {
      border: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.75, 1.5),
      textAlign: 'left',
      verticalAlign: 'top',
    },
    '& [data-pass-signal]': {
      padding: theme.spacing(0.75, 1.5),
      borderLeft: `4px solid ${theme.palette.success.main}`,
      background: theme.palette.background.default,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
  },
}));

/**
 * Links relative to the runbook's file are resolved against its URL in the repository;
 * every link then goes through react-markdown's safe-protocol filter.
 */
function linkResolver(runbook: Runbook) {
  return (href: string) => {
    const base = runbook.source.kind === 'url' ? runbook.source.url : undefined;
    if (
      base &&
      href &&
      !href.startsWith('#') &&
      !/^[a-z][a-z0-9+.-]*:/i.test(href)
    ) {
      try {
        return uriTransformer(new URL(href, base).toString());
      } catch {
        // Not resolvable: keep it as written.
      }
    }
    return uriTransformer(href);
  };
}

/**
 * A runbook's Markdown (GitHub-flavoured, raw HTML left out), with the backend's heading
 * anchors, highlighted pass signals, filterable known-issues tables and a copy button on
 * every code block.
 */
export const RunbookMarkdown = (props: { runbook: Runbook }) => {
  const { runbook } = props;
  const classes = useStyles();
  const rehypePlugins = useMemo(
    () => [
      [
        rehypeRunbook,
        {
          headingIds: runbook.toc.map(h => h.id),
          passSignals: runbook.walkthroughs.flatMap(w => w.passSignals),
          knownIssueSections: runbook.knownIssues.flatMap(i =>
            i.sectionId ? [i.sectionId] : [],
          ),
        },
      ] as [typeof rehypeRunbook, RehypeRunbookOptions],
    ],
    [runbook],
  );
  const resolve = useMemo(() => linkResolver(runbook), [runbook]);
  return (
    <ReactMarkdown
      className={classes.markdown}
      remarkPlugins={[remarkGfm]}
      rehypePlugins={rehypePlugins}
      transformLinkUri={resolve}
      transformImageUri={resolve}
      components={{
        pre: MarkdownCodeBlock,
        table: MarkdownTable,
        tr: MarkdownTableRow,
      }}
    >
      {runbook.markdown}
    </ReactMarkdown>
  );
};
