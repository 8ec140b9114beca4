import {
  ContractDocument,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';

const and = (items: string[]) =>
  items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/**
 * What the contract file's own `milestone` field is, and whether it is one of the
 * entity's milestones: it is a label the file carries, and decides nothing (each
 * milestone's checklist uses the contract gates it names). Undefined when the file names
 * no milestone. With `milestones` undefined (not loaded), the label alone.
 */
export function contractMilestoneSentence(
  contract: Pick<ContractDocument, 'milestone'>,
  milestones?: MilestoneStatus[],
): string | undefined {
  const named = contract.milestone;
  if (!named) return undefined;
  const label = `The contract file names milestone ${named}`;
  if (!milestones) return `${label}.`;
  const ids = milestones.map(m => m.milestone.id);
  if (ids.some(id => id.toLowerCase() === named.toLowerCase())) {
    return `${label}, one of this component's milestones.`;
  }
  return ids.length === 0
    ? `${label}; this component has no milestone.`
    : `${label}, which is not one of this component's milestones (${ids.join(
        ', ',
      )}): it is the file's own label and decides nothing here.`;
}

/**
 * Which of the contract's gates each milestone's checklist uses: the gates it names, or
 * every gate of the contract when it names none; gates it names that the contract lacks
 * are counted apart (they fail its checklist). E.g. `Milestone checklists use: M3.2, M3.3.1
 * and M3.4 5 of its 6 gates.`
 */
export function contractGatesPerMilestone(
  contract: Pick<ContractDocument, 'gates'>,
  milestones: MilestoneStatus[],
): string | undefined {
  if (milestones.length === 0) return undefined;
  const inContract = new Set(contract.gates.map(g => g.id));
  const total = contract.gates.length;
  const groups = new Map<string, string[]>();
  for (const { milestone } of milestones) {
    const named = milestone.thresholds.contractGateIds;
    let text: string;
    if (!named) {
      text = `all ${total} of its gates`;
    } else {
      const used = named.filter(id => inContract.has(id)).length;
      const missing = named.length - used;
      text = `${used} of its ${total} gates${
        missing > 0 ? ` (and ${missing} it lacks)` : ''
      }`;
    }
    groups.set(text, [...(groups.get(text) ?? []), milestone.id]);
  }
  return `Milestone checklists use: ${[...groups]
    .map(([text, ids]) => `${and(ids)} ${text}`)
    .join('; ')}.`;
}
