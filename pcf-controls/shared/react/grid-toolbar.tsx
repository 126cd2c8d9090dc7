/**
 * The toolbar both grids share: the views with their counts (Needs mapping, Problems, All, Unsaved),
 * the search box, the counts per status (each a toggle of the status filter), the control's own
 * actions and Save all. Actions that do not fit go to a "More actions" menu (Fluent's Overflow), so
 * every one is reachable at any width; Save all is the last to go.
 */
import * as React from 'react';
import {
  makeStyles,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Overflow,
  OverflowItem,
  SearchBox,
  Tab,
  TabList,
  ToggleButton,
  Toolbar,
  ToolbarButton,
  tokens,
  useIsOverflowItemVisible,
  useOverflowMenu,
} from '@fluentui/react-components';
import { GRID_VIEWS, type Counts, type GridView } from '../mapping-rules';

export interface ToolbarAction {
  readonly key: string;
  readonly label: string;
  readonly disabled?: boolean;
  readonly primary?: boolean;
  /** Higher stays visible longer when the toolbar is narrow. */
  readonly priority?: number;
  run(): void;
}

export interface GridToolbarProps {
  readonly counts: Counts;
  readonly view: GridView;
  viewLabel(view: GridView, count: number): string;
  onView(view: GridView): void;
  readonly viewsLabel: string;
  readonly search: string;
  readonly searchLabel: string;
  readonly searchPlaceholder: string;
  onSearch(text: string): void;
  /** Each status's choice value and label, in order. */
  readonly statuses: readonly (readonly [number, string])[];
  readonly statusFilter: ReadonlySet<number>;
  readonly statusGroupLabel: string;
  countLabel(label: string, count: number): string;
  onStatusToggle(status: number): void;
  readonly actions: readonly ToolbarAction[];
  readonly toolbarLabel: string;
  readonly moreLabel: string;
}

const useStyles = makeStyles({
  rows: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  counts: { display: 'flex', gap: tokens.spacingHorizontalXS, flexShrink: 0 },
  search: { width: '16rem', flexShrink: 0 },
  overflow: { flex: '1 1 0', minWidth: 0, overflow: 'hidden', display: 'flex', justifyContent: 'flex-end' },
  // Buttons keep their one-line width: the ones that do not fit go to "More actions" instead of wrapping.
  button: { flexShrink: 0, whiteSpace: 'nowrap' },
});

function OverflowMenuItem({ action }: { readonly action: ToolbarAction }): React.ReactElement | null {
  const visible = useIsOverflowItemVisible(action.key);
  if (visible) return null;
  return (
    <MenuItem disabled={action.disabled} onClick={() => action.run()}>
      {action.label}
    </MenuItem>
  );
}

function MoreActions(props: { readonly actions: readonly ToolbarAction[]; readonly label: string }) {
  const styles = useStyles();
  const { ref, isOverflowing } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton ref={ref} appearance="subtle" className={styles.button}>
          {props.label}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {props.actions.map((a) => (
            <OverflowMenuItem key={a.key} action={a} />
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/**
 * Props equal in what they show: functions are ignored (each part calls the latest through a ref),
 * arrays and the actions compared item by item. A keystroke in the search box then renders the box,
 * not the tabs, counts and actions around it (nor does their Overflow measure again).
 */
function sameShown(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return Object.keys(x).every((k) => {
    const u = x[k];
    const v = y[k];
    if (typeof u === 'function') return typeof v === 'function';
    if (Array.isArray(u) && Array.isArray(v))
      return u.length === v.length && u.every((item, i) => item === v[i] || sameItem(item, v[i]));
    return u === v;
  });
}
const sameItem = (a: unknown, b: unknown) =>
  typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && sameShown(a, b);

interface ViewTabsProps {
  readonly view: GridView;
  readonly labels: readonly string[];
  readonly label: string;
  onView(view: GridView): void;
}

const ViewTabs = React.memo(function ViewTabs(props: ViewTabsProps) {
  return (
    <TabList
      aria-label={props.label}
      selectedValue={props.view}
      onTabSelect={(_, data) => props.onView(data.value as GridView)}
      size="small"
    >
      {GRID_VIEWS.map((v, i) => (
        <Tab key={v} value={v}>
          {props.labels[i]}
        </Tab>
      ))}
    </TabList>
  );
}, sameShown);

interface StatusCountsProps {
  readonly label: string;
  readonly statuses: readonly (readonly [number, string])[];
  readonly labels: readonly string[];
  readonly checked: readonly boolean[];
  onToggle(status: number): void;
}

const StatusCounts = React.memo(function StatusCounts(props: StatusCountsProps) {
  const styles = useStyles();
  return (
    <div role="group" aria-label={props.label} className={styles.counts}>
      {props.statuses.map(([value], i) => (
        <ToggleButton
          key={value}
          size="small"
          shape="circular"
          checked={props.checked[i]}
          onClick={() => props.onToggle(value)}
        >
          {props.labels[i]}
        </ToggleButton>
      ))}
    </div>
  );
}, sameShown);

interface ActionsProps {
  readonly actions: readonly ToolbarAction[];
  readonly label: string;
  readonly moreLabel: string;
  onRun(key: string): void;
}

const Actions = React.memo(function Actions(props: ActionsProps) {
  const styles = useStyles();
  // The menu's items run the latest action of their key, as the buttons do.
  const actions = props.actions.map((a) => ({ ...a, run: () => props.onRun(a.key) }));
  return (
    <Overflow padding={8}>
      <Toolbar aria-label={props.label} className={styles.overflow} size="small">
        {actions.map((a) => (
          <OverflowItem key={a.key} id={a.key} priority={a.priority ?? (a.primary ? 100 : 0)}>
            <ToolbarButton
              className={styles.button}
              appearance={a.primary ? 'primary' : undefined}
              disabled={a.disabled}
              onClick={() => a.run()}
            >
              {a.label}
            </ToolbarButton>
          </OverflowItem>
        ))}
        <MoreActions actions={actions} label={props.moreLabel} />
      </Toolbar>
    </Overflow>
  );
}, sameShown);

export function GridToolbar(props: GridToolbarProps): React.ReactElement {
  const styles = useStyles();
  const { counts } = props;
  const latest = React.useRef(props);
  latest.current = props;
  const on = React.useMemo(
    () => ({
      view: (v: GridView) => latest.current.onView(v),
      toggle: (status: number) => latest.current.onStatusToggle(status),
      run: (key: string) => latest.current.actions.find((a) => a.key === key)?.run(),
    }),
    [],
  );
  return (
    <div className={styles.rows}>
      <ViewTabs
        view={props.view}
        labels={GRID_VIEWS.map((v) => props.viewLabel(v, counts.byView[v]))}
        label={props.viewsLabel}
        onView={on.view}
      />
      <div className={styles.line}>
        <SearchBox
          className={styles.search}
          aria-label={props.searchLabel}
          placeholder={props.searchPlaceholder}
          value={props.search}
          onChange={(_, data) => props.onSearch(data.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <StatusCounts
          label={props.statusGroupLabel}
          statuses={props.statuses}
          labels={props.statuses.map(([value, label]) => props.countLabel(label, counts.byStatus.get(value) ?? 0))}
          checked={props.statuses.map(([value]) => props.statusFilter.has(value))}
          onToggle={on.toggle}
        />
        <Actions actions={props.actions} label={props.toolbarLabel} moreLabel={props.moreLabel} onRun={on.run} />
      </div>
    </div>
  );
}
