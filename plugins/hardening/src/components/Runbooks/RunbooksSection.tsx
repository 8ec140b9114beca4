import { useQueryParamState } from '@backstage/core-components';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useHardeningData } from '../../hooks';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { RunbookUploadHint } from './RunbookUploadHint';
import { RunbookView } from './RunbookView';

/**
 * The "Runbooks" section: the entity's runbooks, one at a time (`?runbook=<id>` picks
 * one, the first by default), each with a tab when there are several.
 */
export const RunbooksSection = () => {
  const state = useHardeningData((api, entityRef) =>
    api.listRunbooks(entityRef),
  );
  const [selected, setSelected] = useQueryParamState<string>('runbook');
  return (
    <SectionCard id="runbooks" title="Runbooks">
      <AsyncContent
        state={state}
        errorTitle="Could not load the runbooks"
        onRetry={state.retry}
        isEmpty={list => list.items.length === 0}
        empty={<RunbookUploadHint title="No runbooks for this component" />}
      >
        {list => {
          const current =
            list.items.find(item => item.id === selected) ?? list.items[0];
          return (
            <>
              {list.items.length > 1 && (
                <Tabs
                  value={current.id}
                  onChange={(_, id: string) => setSelected(id)}
                  aria-label="Runbooks of this entity"
                  variant="scrollable"
                  indicatorColor="primary"
                >
                  {list.items.map(item => (
                    <Tab
                      key={item.id}
                      value={item.id}
                      label={item.stale ? `${item.title} (stale)` : item.title}
                    />
                  ))}
                </Tabs>
              )}
              <RunbookView key={current.id} summary={current} />
            </>
          );
        }}
      </AsyncContent>
    </SectionCard>
  );
};
