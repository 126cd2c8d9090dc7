/**
 * The frame both grids render (the grid's own top component subscribes to the store; this re-renders with it): the form's theme (context.fluentDesignLanguage), the toolbar, the load
 * progress ("2,400 of 10,000 loaded"), the message bar, the table, the control's dialogs, screen-reader
 * announcements, and the unsaved-edits guard: the browser asks before the page is left with unsaved
 * edits, and opening a record from the grid asks first (the edits are kept in the control state
 * either way, so coming back finds them). Popups (dialogs, menus, tooltips) mount inside the control,
 * in its theme.
 */
import * as React from 'react';
import {
  AriaLiveAnnouncer,
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarBody,
  PortalMountNodeProvider,
  ProgressBar,
  Text,
  tokens,
  useAnnounce,
  webLightTheme,
} from '@fluentui/react-components';
import type { GridRow, GridView } from '../mapping-rules';
import type { GridStore } from '../grid-store';
import { GridToolbar, type ToolbarAction } from './grid-toolbar';
import { OverlayHost } from './overlays';
import { VirtualTable, type TableColumn } from './virtual-table';
import { DialogFrame } from './dialog-frame';

export interface GridShellProps<Row extends GridRow> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly store: GridStore<any, Row, any, any>;
  /** Keep its identity between renders (useMemo): rows re-render only when it or their data change. */
  readonly columns: readonly TableColumn<Row>[];
  readonly statuses: readonly (readonly [number, string])[];
  /** The control's own actions, before Save all. */
  readonly actions: readonly ToolbarAction[];
  readonly help?: string;
  /** The row's name in accessible labels (select, actions). */
  rowName(row: Row): string;
  readonly heightInPx: number;
  readonly children?: React.ReactNode;
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '20px' },
  progress: { width: '12rem' },
  help: { color: tokens.colorNeutralForeground3 },
});

/** Speaks the store's announcements through Fluent's live announcer. */
function Announcements({ store }: { readonly store: GridShellProps<GridRow>['store'] }): null {
  const { announce } = useAnnounce();
  React.useEffect(
    () => store.onAnnounce((a) => announce(a.text, { alert: a.urgent, polite: !a.urgent })),
    [store, announce],
  );
  return null;
}

/** The browser's own "leave site?" prompt while there are unsaved edits. */
function useUnloadGuard(unsaved: number): void {
  React.useEffect(() => {
    if (unsaved === 0) return undefined;
    const guard = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [unsaved]);
}

function LoadLine(props: { readonly store: GridShellProps<GridRow>['store']; readonly shown: string }) {
  const styles = useStyles();
  const { load } = props.store.current;
  const s = props.store.s;
  const loading = load.state !== 'ready' && load.state !== 'error';
  // Counts in the person's number format ("2,400 of 10,000").
  const n = (v: number) => props.store.platform.formatting.formatInteger(v);
  const progress =
    load.total === undefined
      ? s.get('Loaded_Count', n(load.loaded))
      : s.get(load.atLeast ? 'Loaded_AtLeast' : 'Loaded_Progress', n(load.loaded), n(load.total));
  return (
    <div className={styles.status}>
      <Text role="status" data-grid-status>
        {loading ? progress : props.shown}
      </Text>
      {loading ? (
        <ProgressBar
          className={styles.progress}
          aria-label={progress}
          value={load.total ? load.loaded / load.total : undefined}
        />
      ) : null}
    </div>
  );
}

function LeaveDialog(props: {
  readonly s: GridShellProps<GridRow>['store']['s'];
  readonly unsaved: number;
  onChoose(c: 'save' | 'go' | 'stay'): void;
}) {
  const { s } = props;
  return (
    <DialogFrame
      alert
      title={s.get('Leave_Title')}
      onClose={() => props.onChoose('stay')}
      actions={
        <>
          <Button appearance="primary" onClick={() => props.onChoose('save')}>
            {s.get('Leave_Save')}
          </Button>
          <Button onClick={() => props.onChoose('go')}>{s.get('Leave_Go')}</Button>
          <Button onClick={() => props.onChoose('stay')}>{s.get('Leave_Stay')}</Button>
        </>
      }
    >
      {s.get('Leave_Message', props.unsaved)}
    </DialogFrame>
  );
}

const CHROME_HEIGHT_IN_PX = 150;
const MIN_TABLE_HEIGHT_IN_PX = 240;

export function GridShell<Row extends GridRow>(props: GridShellProps<Row>): React.ReactElement {
  const { store } = props;
  const styles = useStyles();
  const [mountNode, setMountNode] = React.useState<HTMLElement | null>(null);
  const st = store.current;
  const s = store.s;
  useUnloadGuard(st.edits.size);
  const rows = store.visibleRows();
  const counts = store.counts();
  const theme = store.platform.fluentDesignLanguage?.tokenTheme ?? webLightTheme;
  const problems = store.problemIds;
  const save: ToolbarAction = {
    key: 'save',
    label: st.saving ? s.get('Saving', st.saving.done, st.saving.total) : s.get('Save_Button', st.edits.size),
    primary: true,
    disabled: st.saving !== undefined || st.edits.size === 0,
    run: () => void store.save(),
  };
  return (
    <FluentProvider theme={theme} className={styles.root}>
      <AriaLiveAnnouncer>
        <PortalMountNodeProvider value={mountNode ?? undefined}>
          <OverlayHost>
            <Announcements store={store} />
            <GridToolbar
              counts={counts}
              view={st.view}
              viewLabel={(v: GridView, n: number) => s.get(`View_${v}` as never, n)}
              onView={(v) => store.setView(v)}
              viewsLabel={s.get('Views_Label')}
              search={st.search}
              searchLabel={s.get('Search_Label')}
              searchPlaceholder={s.get('Search_Placeholder')}
              onSearch={(t) => store.setSearch(t)}
              statuses={props.statuses}
              statusFilter={st.statuses}
              statusGroupLabel={s.get('Col_Status')}
              countLabel={(label, n) => s.get('Count_Label', label, n)}
              onStatusToggle={(v) => store.setStatuses(st.statuses.has(v) ? new Set() : new Set([v]))}
              actions={[...props.actions, save]}
              toolbarLabel={s.get('Toolbar_Label')}
              moreLabel={s.get('More_Actions')}
            />
            <LoadLine store={store} shown={s.get('Shown', rows.length, st.rows.length)} />
            {st.load.error !== undefined ? (
              <MessageBar intent="error">
                <MessageBarBody>{s.get('Load_Failed', st.load.error)}</MessageBarBody>
              </MessageBar>
            ) : null}
            {st.message ? (
              <MessageBar intent={st.message.intent} role="status">
                <MessageBarBody>{st.message.text}</MessageBarBody>
              </MessageBar>
            ) : null}
            {props.help ? (
              <Text size={200} className={styles.help}>
                {props.help}
              </Text>
            ) : null}
            <VirtualTable
              label={s.get('Grid_Label')}
              columns={props.columns}
              rows={rows}
              heightInPx={Math.max(MIN_TABLE_HEIGHT_IN_PX, props.heightInPx - CHROME_HEIGHT_IN_PX)}
              emptyText={st.load.state === 'ready' ? s.get('Empty') : s.get('Loading')}
              sort={st.sort}
              onSort={(c) => store.cycleSort(c)}
              selection={{
                selected: st.selection,
                toggle: (id) => store.toggleSelected(id),
                toggleAll: () => store.toggleSelectAll(),
                allLabel: s.get('Select_All'),
                rowLabel: (row) => s.get('Select_Row', props.rowName(row)),
              }}
              rowTone={(r) => (problems.has(r.id) ? 'problem' : st.edits.has(r.id) ? 'unsaved' : undefined)}
              rowDeps={(r) => [
                st.edits.get(r.id),
                st.conflicts.get(r.id),
                st.failures.get(r.id),
                st.load.partial,
                st.lastSyncOn,
              ]}
            />
            {props.children}
            {st.leaving ? (
              <LeaveDialog s={s} unsaved={st.edits.size} onChoose={(c) => void store.answerLeave(c)} />
            ) : null}
          </OverlayHost>
        </PortalMountNodeProvider>
        <div ref={setMountNode} />
      </AriaLiveAnnouncer>
    </FluentProvider>
  );
}
