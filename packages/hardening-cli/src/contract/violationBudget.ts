import {
  ContractViolation,
  MAX_VIOLATIONS_PER_GATE,
  MAX_VIOLATIONS_PER_UPLOAD,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * Keeps the violations of a run within what the backend accepts (10,000 per gate, 100,000
 * in all), counting the ones left out so the report can say so.
 */
export class ViolationBudget {
  private total = 0;

  constructor(
    private readonly perGate = MAX_VIOLATIONS_PER_GATE,
    private readonly perRun = MAX_VIOLATIONS_PER_UPLOAD,
  ) {}

  /** A list for one gate: `add` keeps a violation while there is room. */
  forGate() {
    const kept: ContractViolation[] = [];
    let omitted = 0;
    return {
      kept,
      add: (violation: ContractViolation) => {
        if (kept.length < this.perGate && this.total < this.perRun) {
          kept.push(violation);
          this.total += 1;
        } else {
          omitted += 1;
        }
      },
      omitted: () => omitted,
    };
  }
}
