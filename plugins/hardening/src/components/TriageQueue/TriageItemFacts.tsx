import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  describeReportUploader,
  TRIAGE_CLASS_LABELS,
  TriageQueueItem,
  TriageSuggestion,
} from '@hardening/backstage-plugin-hardening-common';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { formatTime, plural, shortHash } from '../../utils/format';
import { evidenceHref, runbookSectionPath } from '../../utils/triage';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(1, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
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

/** `Flake, because history: it failed in some runs of …` */
export function suggestionText(suggestion: TriageSuggestion): string {
  const { because } = suggestion;
  const source =
    because.kind === 'rule'
      ? `rule ${because.ruleName ?? ''}`.trim()
      : 'history';
  return `${TRIAGE_CLASS_LABELS[suggestion.class]}, because ${source}: ${
    because.detail
  }`;
}

function escalationText(item: TriageQueueItem): string | undefined {
  const { escalation } = item;
  const reasons = [];
  if (escalation.unclassifiedTooLong) {
    reasons.push(
      `open past its classification deadline (${formatTime(
        escalation.escalateAt,
      )})`,
    );
  }
  if (escalation.spansScenarioClasses) {
    reasons.push(
      `its invariant fails under scenarios of ${(
        escalation.scenarioPrefixes ?? []
      ).join(', ')}`,
    );
  }
  return reasons.length ? reasons.join('; ') : undefined;
}

/**
 * What responders need to know about a failure: where it ran, the ids and evidence to
 * inspect, how often and since when, the suggested class and why, who it is routed to,
 * why it is escalated and the runbook section of its scenario.
 */
export const TriageItemFacts = (props: {
  item: TriageQueueItem;
  /** Name the entity too (team queues). */
  showEntity: boolean;
}) => {
  const { item, showEntity } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const escalation = escalationText(item);
  const runbook = item.runbookSection;
  return (
    <dl className={classes.facts}>
      {showEntity && (
        <Fact term="Entity">
          <EntityRefLink entityRef={item.entityRef} />
        </Fact>
      )}
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
        {item.evidence.length === 0 ? (
          'none reported'
        ) : (
          <ul className={classes.ids}>
            {item.evidence.map(evidence => {
              const href = evidenceHref(evidence.uri);
              const text = `${evidence.kind}: ${
                evidence.label ?? evidence.uri
              }`;
              return (
                <li key={evidence.uri} className={classes.id}>
                  {href ? (
                    <Link to={href} externalLinkIcon>
                      {text}
                    </Link>
                  ) : (
                    <span>
                      {evidence.kind}: <code>{evidence.uri}</code>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Fact>
      <Fact term="Seen">
        {plural(item.occurrences, 'occurrence')} in{' '}
        {plural(item.reports, 'report')}, first {formatTime(item.firstSeen)},
        last {formatTime(item.lastSeen)}
      </Fact>
      {(item.commit || item.ciRunUrl || item.uploader) && (
        <Fact term="Latest run">
          {item.commit && <code>{shortHash(item.commit)}</code>}
          {item.commit && item.ciRunUrl && ' · '}
          {item.ciRunUrl && (
            <Link to={item.ciRunUrl} externalLinkIcon>
              CI run
            </Link>
          )}
          {item.uploader && (
            <>
              {(item.commit || item.ciRunUrl) && ' · '}
              {describeReportUploader(item.uploader)}
            </>
          )}
        </Fact>
      )}
      <Fact term="Suggested class">
        {item.suggestion
          ? suggestionText(item.suggestion)
          : 'none: no rule or history fact applies'}
      </Fact>
      <Fact term="Routed to">
        <EntityRefLink entityRef={item.routing.ownerRef} /> ({item.routing.why})
      </Fact>
      {escalation && <Fact term="Escalated">{escalation}</Fact>}
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
