import { Runbook } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  nav: { position: 'sticky', top: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { padding: theme.spacing(0.25, 0) },
}));

/**
 * The runbook's headings as links to their anchors, indented by depth; the runbook's
 * own title (its first level-1 heading) is left out.
 */
export const RunbookToc = (props: { runbook: Runbook }) => {
  const { runbook } = props;
  const classes = useStyles();
  const headings = runbook.toc.filter(
    (heading, i) => !(i === 0 && heading.depth === 1),
  );
  if (headings.length === 0) return null;
  const top = Math.min(...headings.map(h => h.depth));
  return (
    <nav aria-label="Table of contents" className={classes.nav}>
      <Typography variant="overline" component="p">
        Contents
      </Typography>
      <ul className={classes.list}>
        {headings.map(heading => (
          <li
            key={heading.id}
            className={classes.item}
            style={{ paddingLeft: `${(heading.depth - top) * 12}px` }}
          >
            <Typography variant="body2" component="a" href={`#${heading.id}`}>
              {heading.text}
            </Typography>
          </li>
        ))}
      </ul>
    </nav>
  );
};
