import {
  MilestoneStatus,
  StoredContract,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import {
  contractGatesPerMilestone,
  contractMilestoneSentence,
} from '../../utils/contractMilestones';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { principalName, RelativeTime, ShortHash } from '../Words';
import { ContractResults } from './ContractResults';

/** How many violations of the newest results are loaded (all gates together). */
const VIOLATION_LIMIT = 500;

/**
 * The current contract: its digest, gates, since when and who, the milestone its file
 * names (and whether that is one of the entity's), and which gates each milestone uses.
 */
const CurrentContract = (props: {
  contract: StoredContract;
  milestones?: MilestoneStatus[];
}) => {
  const { contract, milestones } = props;
  const planned = contract.contract.gates.filter(
    g => g.status === 'planned',
  ).length;
  const named = contractMilestoneSentence(contract.contract, milestones);
  const used = milestones
    ? contractGatesPerMilestone(contract.contract, milestones)
    : undefined;
  return (
    <Typography variant="body2" paragraph component="div">
      Current contract{' '}
      <ShortHash value={contract.digest} label="contract digest" />:{' '}
      {contract.gateCount} gates ({contract.gateCount - planned} active,{' '}
      {planned} planned), current since{' '}
      <RelativeTime iso={contract.uploadedAt} /> (by{' '}
      {principalName(contract.uploadedBy)}).
      {named && <div>{named}</div>}
      {used && <div>{used}</div>}
    </Typography>
  );
};

/**
 * The "Delivery contract" section: the current contract, and the newest contract
 * results with each gate's verdict and its violations (`file:line message`).
 * `milestones` (when loaded) say which gates each milestone uses.
 */
export const ContractSection = (props: { milestones?: MilestoneStatus[] }) => {
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
            {contract ? (
              <CurrentContract
                contract={contract}
                milestones={props.milestones}
              />
            ) : (
              <Typography variant="body2" paragraph>
                No current contract: results are stored but judged against
                nothing.
              </Typography>
            )}
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
