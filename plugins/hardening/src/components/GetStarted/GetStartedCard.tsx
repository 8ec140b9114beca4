import { InfoCard, Link } from '@backstage/core-components';
import {
  EVIDENCE_UPLOAD_ROUTES,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useCanManageMilestones, useEntityCompoundRef } from '../../hooks';
import { MilestoneFormButton } from '../MilestoneForm';
import {
  cliUploadCommand,
  CommandBlock,
  UploadExample,
  useApiBaseUrl,
} from '../UploadHint';
import { useTemplateLinks } from './templateLinks';

const useStyles = makeStyles(theme => ({
  step: { marginTop: theme.spacing(2) },
  list: { margin: theme.spacing(1, 0, 0), paddingLeft: theme.spacing(3) },
}));

/** The first upload the card shows: a test report, the evidence most CI jobs have. */
const FIRST_UPLOAD: UploadExample = {
  method: 'POST',
  path: '/test-reports',
  contentType: 'application/xml',
  file: 'junit.xml',
};

/** The other kinds of evidence the same command uploads (triage has its own tab). */
const OTHER_KINDS = [...new Set(Object.values(EVIDENCE_UPLOAD_ROUTES))].filter(
  kind => kind !== 'test-report' && kind !== 'triage',
);

const HEADING_ID = 'hardening-get-started-heading';

/**
 * What an entity without any evidence shows instead of one empty state per section: the
 * CLI command that uploads its first evidence (for this entity, copyable), the two
 * templates that set up a stress test and a delivery contract, and, when it has no
 * milestone yet, how one is defined; the New milestone button is named only for the
 * people who see it.
 */
export const GetStartedCard = (props: {
  /** Whether the entity has milestones already (then the card does not ask for one). */
  hasMilestones: boolean;
  /** After a milestone was created from the card. */
  onMilestoneSaved: (status: MilestoneStatus, created: boolean) => void;
}) => {
  const { hasMilestones, onMilestoneSaved } = props;
  const classes = useStyles();
  const { entityRefString, entityRef } = useEntityCompoundRef();
  const canManage = useCanManageMilestones();
  const command = cliUploadCommand(
    FIRST_UPLOAD,
    entityRefString,
    useApiBaseUrl(),
  )!;
  const templates = useTemplateLinks(entityRefString);
  return (
    <section aria-labelledby={HEADING_ID}>
      <InfoCard
        title={
          <Typography id={HEADING_ID} variant="h5" component="h2">
            Get started
          </Typography>
        }
        headerProps={{ disableTypography: true }}
      >
        <Typography variant="body1">
          No hardening evidence has been uploaded for{' '}
          <strong>{entityRef.name}</strong> yet. Its milestones are judged on
          the evidence CI uploads: test reports, CI gates, stress runs, delivery
          contract results, production validation and the release audit chain.
        </Typography>

        <Typography variant="h6" component="h3" className={classes.step}>
          Upload from CI
        </Typography>
        <Typography variant="body2">
          From a GitHub Actions job with{' '}
          <code>{'permissions: { id-token: write }'}</code> (trusted publishing:
          no secret to store), this uploads a JUnit report for{' '}
          <code>{entityRefString}</code>:
        </Typography>
        <CommandBlock
          command={command}
          label="Get started upload command"
          copyLabel="Copy the upload command"
        />
        <Typography variant="body2">
          The same command with another kind uploads the rest:{' '}
          {OTHER_KINDS.map((kind, index) => (
            <span key={kind}>
              {index > 0 && ', '}
              <code>{kind}</code>
            </span>
          ))}
          .
        </Typography>

        <Typography variant="h6" component="h3" className={classes.step}>
          Or start from a template
        </Typography>
        <ul className={classes.list}>
          {templates.map(template => (
            <li key={template.title}>
              <Typography variant="body2">
                {template.href ? (
                  <Link to={template.href}>{template.title}</Link>
                ) : (
                  <strong>{template.title}</strong>
                )}
                : {template.description}.
              </Typography>
            </li>
          ))}
        </ul>

        {!hasMilestones && (
          <>
            <Typography variant="h6" component="h3" className={classes.step}>
              Define a milestone
            </Typography>
            <Typography variant="body2" paragraph>
              A milestone (for example M1) names the thresholds its freeze is
              judged by; its checklist is computed from the evidence.{' '}
              {canManage
                ? 'Define the first one here:'
                : 'The owners of this component define them on this tab.'}
            </Typography>
            <MilestoneFormButton onSaved={onMilestoneSaved} />
          </>
        )}
      </InfoCard>
    </section>
  );
};
