import { TableColumn } from '@backstage/core-components';
import { EntityScorecard } from '@hardening/backstage-plugin-hardening-common';
import { formatPercent } from '../../utils/format';
import { EntityCell } from './EntityCell';
import { FreezeStateCell } from './FreezeStateCell';
import { LevelLabel } from './LevelLabel';
import { MissingReasons } from './MissingReasons';

/** The columns tables of entity scorecards are made of, by what they show. */
export function entityColumns(levelCount: number) {
  const column = (c: TableColumn<EntityScorecard>) => c;
  return {
    entity: column({
      title: 'Entity',
      field: 'entityRef',
      render: row => <EntityCell entityRef={row.entityRef} title={row.title} />,
    }),
    owner: column({
      title: 'Owner',
      field: 'owner',
      render: row => (row.owner ? <EntityCell entityRef={row.owner} /> : '—'),
    }),
    system: column({
      title: 'System',
      field: 'system',
      sorting: false,
      render: row => (row.system ? <EntityCell entityRef={row.system} /> : '—'),
    }),
    tier: column({
      title: 'Tier',
      field: 'tier',
      sorting: false,
      render: row => row.tier ?? '—',
    }),
    lifecycle: column({
      title: 'Lifecycle',
      field: 'lifecycle',
      sorting: false,
      render: row => row.lifecycle ?? '—',
    }),
    level: column({
      title: 'Level',
      field: 'rank',
      render: row => (
        <LevelLabel level={row.level} rank={row.rank} levelCount={levelCount} />
      ),
    }),
    milestone: column({
      title: 'Milestone',
      field: 'metrics.milestoneId',
      sorting: false,
      render: row => <FreezeStateCell metrics={row.metrics} />,
    }),
    contract: column({
      title: 'Contract gates passed',
      field: 'metrics.contractGatePassRate',
      type: 'numeric',
      render: row => formatPercent(row.metrics.contractGatePassRate),
    }),
    openFailures: column({
      title: 'Open failures',
      field: 'metrics.openTriageFailures',
      type: 'numeric',
    }),
    missing: column({
      title: 'Missing for the next level',
      field: 'missingForNextLevel',
      sorting: false,
      // Wide enough for a reason such as "Required CI gates green: no evidence yet" to
      // read on one or two lines, whatever the other columns take.
      cellStyle: { minWidth: 280 },
      render: row => <MissingReasons scorecard={row} />,
    }),
  };
}
