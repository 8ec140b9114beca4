import {
  INVARIANT_TAXONOMY,
  invariantPrefix,
  isInTaxonomy,
  SCENARIO_TAXONOMY,
  scenarioPrefix,
} from './taxonomy';

describe('taxonomy prefixes', () => {
  it.each([
    ['SCH-001', 'SCH'],
    ['API_AUTH_3', 'API'],
    ['UI.checkout.2', 'UI'],
    ['BID001', 'BID'],
    ['adv-race-1', 'ADV'],
    ['NOS', 'NOS'],
  ])('takes the scenario prefix of %s', (id, prefix) => {
    expect(scenarioPrefix(id)).toBe(prefix);
  });

  it.each([
    ['TENANT-ISOLATION-2', 'TENANT'],
    ['IDEMP_7', 'IDEMP'],
    ['state.transitions', 'STATE'],
  ])('takes the invariant prefix of %s', (id, prefix) => {
    expect(invariantPrefix(id)).toBe(prefix);
  });

  it('has no prefix when the id starts with a separator or a digit', () => {
    expect(scenarioPrefix('001-SCH')).toBeUndefined();
    expect(invariantPrefix('-TENANT')).toBeUndefined();
  });

  it('checks ids against a taxonomy, case-insensitively, with an extension list', () => {
    expect(isInTaxonomy('HLT-004', SCENARIO_TAXONOMY)).toBe(true);
    expect(isInTaxonomy('hlt-004', SCENARIO_TAXONOMY)).toBe(true);
    expect(isInTaxonomy('PAY-001', SCENARIO_TAXONOMY)).toBe(false);
    expect(isInTaxonomy('PAY-001', SCENARIO_TAXONOMY, ['pay'])).toBe(true);
    expect(isInTaxonomy('TENANT-1', SCENARIO_TAXONOMY)).toBe(false);
    expect(isInTaxonomy('TENANT-1', INVARIANT_TAXONOMY)).toBe(true);
    expect(isInTaxonomy('42', INVARIANT_TAXONOMY, ['42'])).toBe(false);
  });

  it('does not treat a longer word that starts like a prefix as the prefix', () => {
    expect(isInTaxonomy('SCHEDULE-1', SCENARIO_TAXONOMY)).toBe(false);
    expect(isInTaxonomy('STATEMENT-1', INVARIANT_TAXONOMY)).toBe(false);
  });
});
