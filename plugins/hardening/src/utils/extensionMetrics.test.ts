import { scorecardMetrics } from '../__testUtils__/scorecardFixtures';
import {
  extensionMetricValue,
  formatExtensionMetric,
} from './extensionMetrics';

describe('formatExtensionMetric', () => {
  it.each([
    ['ratio', 0.925, '92.5%'],
    ['ms', 840, '840 ms'],
    ['ms', 12_345, '12.3 s'],
    ['days', 1, '1 day'],
    ['days', 3, '3 days'],
    ['count', 12, '12'],
    ['boolean', true, 'Yes'],
    ['boolean', false, 'No'],
  ] as const)('shows a %s of %p as %p', (type, value, text) => {
    expect(formatExtensionMetric({ type }, value)).toBe(text);
  });

  it('gives null for no value, whatever the type', () => {
    expect(formatExtensionMetric({ type: 'count' }, null)).toBeNull();
    expect(formatExtensionMetric({ type: 'ratio' }, undefined)).toBeNull();
  });
});

describe('extensionMetricValue', () => {
  it('reads the value by name, null when the metrics have none', () => {
    const metrics = scorecardMetrics({ extensions: { 'acme.count': 0 } });
    expect(extensionMetricValue(metrics, 'acme.count')).toBe(0);
    expect(extensionMetricValue(metrics, 'acme.other')).toBeNull();
    expect(extensionMetricValue(metrics, 'toString')).toBeNull();
    expect(extensionMetricValue(scorecardMetrics(), 'acme.count')).toBeNull();
  });
});
