import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { hardeningApiRef } from '../../api';
import { serverMessage } from '../../utils/errors';
import { csvRequest, OrgQuery } from './orgQuery';

/** The name the browser saves the export under. */
export const CSV_FILE_NAME = 'hardening-scorecards.csv';

/** Hands a downloaded file to the browser as if a link to it had been followed. */
function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * "Download CSV": every entity under the current filters, in the table's order. The
 * file is fetched with the user's credentials (a plain link would carry none), then
 * saved.
 */
export const DownloadCsvButton = (props: { query: OrgQuery }) => {
  const api = useApi(hardeningApiRef);
  const [state, download] = useAsyncFn(async () => {
    saveFile(
      await api.getOrgScorecardsCsv(csvRequest(props.query)),
      CSV_FILE_NAME,
    );
  }, [api, props.query]);
  return (
    <div>
      <Button
        variant="outlined"
        color="primary"
        onClick={download}
        disabled={state.loading}
      >
        Download CSV
      </Button>
      {state.error && (
        <Typography variant="body2" color="error" role="alert">
          Could not download the CSV: {serverMessage(state.error)}
        </Typography>
      )}
    </div>
  );
};
