import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import { formatTime, shortHash } from '../../utils/format';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { ContractResults } from './ContractResults';

/** How many violations of the newest results are loaded (all gates together). */
const VIOLATION_LIMIT = 500;

/**
 * The "Delivery contract" section: the current contract, and the newest contract
 * results with each gate's verdict and its violations (`file:line message`).
 */
export const ContractSection = () => {
  const state = useHardeningData(async (api, entityRef) => {
    const [contract, results] = await Promise.all([
      api.getContract(entityRef),
      api.listContractResults(entityRef, { limit: 1 }),
    ]);
    const latest = results.items[0];
    const violations = latest
      ? (
          await api.listContractViolations(entityRef, latest.id, {
            limit: VIOLATION_LIMIT,
          })
        ).items
      : [];
    return { contract, latest, violations };
  });
  return (
    <SectionCard id="contract" title="Delivery contract">
      <AsyncContent
        state={state}
        errorTitle="Could not load the delivery contract"
        isEmpty={value => !value.contract && !value.latest}
        empty={
          <UploadHint
            title="No delivery contract"
            description="A delivery contract lists the gates this component's code must keep passing (file content, file existence or command gates), as YAML. An owner uploads it; CI then uploads the gate results of each run (native JSON or SARIF)."
            example={{
              method: 'PUT',
              path: '/contract',
              contentType: 'application/yaml',
              file: 'delivery-contract.yaml',
              tokenVariable: 'HARDENING_MANAGE_TOKEN',
            }}
          />
        }
      >
        {({ contract, latest, violations }) => (
          <>
            <Typography variant="body2" paragraph>
              {contract
                ? `Current contract ${shortHash(contract.digest)}: ${
                    contract.gateCount
                  } gates${
                    contract.contract.milestone
                      ? ` for milestone ${contract.contract.milestone}`
                      : ''
                  }, current since ${formatTime(contract.uploadedAt)} (by ${
                    contract.uploadedBy
                  }).`
                : 'No current contract: results are stored but judged against nothing.'}
            </Typography>
            {latest ? (
              <ContractResults report={latest} violations={violations} />
            ) : (
              <UploadHint
                title="No contract results yet"
                description="Run the contract's gates in CI and upload their results."
                example={{
                  method: 'POST',
                  path: '/contract-results?commit=$GIT_SHA',
                  contentType: 'application/json',
                  file: 'contract-results.json',
                }}
              />
            )}
          </>
        )}
      </AsyncContent>
    </SectionCard>
  );
};
