import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  describeReportUploader,
  TriageQueueItem,
} from '@hardening/backstage-plugin-hardening-common';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { plural } from '../../utils/format';
import {
  evidenceHref,
  runbookSectionPath,
  suggestionText,
} from '../../utils/triage';
import { ShortHash } from '../Words';
import { TriageTime } from './TriageTime';

const useStyles = makeStyles(theme => ({
  // Terms and values share one font and line height and sit on one baseline, so a row
  // reads across even when the value wraps or holds a link, code or a copy button.
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    alignItems: 'baseline',
    gap: theme.spacing(0.75, 3),
    margin: theme.spacing(1, 0),
    ...theme.typography.body2,
    '& dt': { color: theme.palette.text.secondary, margin: 0 },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
    '& code': { fontSize: 'inherit' },
  },
  ids: { margin: 0, padding: 0, listStyle: 'none', display: 'inline' },
  id: { display: 'inline', '& + &::before': { content: '", "' } },
}));

const Fact = (props: { term: string; children: ReactNode }) => (
  <>
    <dt>{props.term}</dt>
    <dd>{props.children}</dd>
  </>
);

const EscalationFact = (props: { item: TriageQueueItem }) => {
  const { escalation } = props.item;
  if (!escalation.unclassifiedTooLong && !escalation.spansScenarioClasses) {
    return null;
  }
  return (
    <Fact term="Escalated">
      {escalation.unclassifiedTooLong && (
        <>
          open past its classification deadline (
          <TriageTime iso={escalation.escalateAt} />)
        </>
      )}
      {escalation.unclassifiedTooLong &&
        escalation.spansScenarioClasses &&
        '; '}
      {escalation.spansScenarioClasses &&
        `its invariant fails under scenarios of ${(
          escalation.scenarioPrefixes ?? []
        ).join(', ')}`}
    </Fact>
  );
};

const LatestRunFact = (props: { item: TriageQueueItem }) => {
  const { commit, ciRunUrl, uploader } = props.item;
  if (!commit && !ciRunUrl && !uploader) return null;
  return (
    <Fact term="Latest run">
      {commit && <ShortHash value={commit} label="commit" />}
      {commit && ciRunUrl && ' · '}
      {ciRunUrl && (
        <Link to={ciRunUrl} externalLinkIcon>
          CI run
        </Link>
      )}
      {uploader && (
        <>
          {(commit || ciRunUrl) && ' · '}
          {describeReportUploader(uploader)}
        </>
      )}
    </Fact>
  );
};

const EvidenceList = (props: { item: TriageQueueItem }) => {
  const classes = useStyles();
  const { evidence } = props.item;
  if (evidence.length === 0) return <>none reported</>;
  return (
    <ul className={classes.ids}>
      {evidence.map(entry => {
        const href = evidenceHref(entry.uri);
        return (
          <li key={entry.uri} className={classes.id}>
            {href ? (
              <Link to={href} externalLinkIcon>
                {entry.kind}: {entry.label ?? entry.uri}
              </Link>
            ) : (
              <span>
                {entry.kind}: <code>{entry.uri}</code>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
};

/**
 * What responders need to know about a failure, as a list of terms and values: where it
 * ran, the ids and evidence to inspect, how often and since when, the suggested class and
 * why, why it is escalated and the runbook section of its scenario. Its owner, status and
 * class are in its row of the queue; the routing rule is said once above the queue.
 */
export const TriageItemFacts = (props: { item: TriageQueueItem }) => {
  const { item } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const runbook = item.runbookSection;
  return (
    <dl className={classes.facts}>
      <Fact term="Organisation under test">
        {item.organizationUnderTest ?? 'not reported'}
      </Fact>
      <Fact term="Key entity ids">
        {item.keyEntityIds.length === 0 ? (
          'none reported'
        ) : (
          <ul className={classes.ids}>
            {item.keyEntityIds.map(id => (
              <li key={id} className={classes.id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
        )}
      </Fact>
      <Fact term="Evidence">
        <EvidenceList item={item} />
      </Fact>
      <Fact term="Seen">
        {plural(item.occurrences, 'occurrence')} in{' '}
        {plural(item.reports, 'report')}, first{' '}
        <TriageTime iso={item.firstSeen} />, last{' '}
        <TriageTime iso={item.lastSeen} />
      </Fact>
      <LatestRunFact item={item} />
      <Fact term="Suggested class">
        {item.suggestion
          ? suggestionText(item.suggestion)
          : 'none: no rule or history fact applies'}
      </Fact>
      <EscalationFact item={item} />
      {runbook && (
        <Fact term="Runbook">
          <Link
            to={runbookSectionPath(
              entityLink(item.entityRef),
              runbook.runbookId,
              runbook.sectionId,
            )}
          >
            {runbook.runbookTitle} › {runbook.heading}
          </Link>
        </Fact>
      )}
    </dl>
  );
};
