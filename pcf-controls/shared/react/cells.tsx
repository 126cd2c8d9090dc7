/**
 * Cells both grids use, and their conventions: a cell's main control carries `data-grid-focus` (the
 * grid's keyboard focus lands there); every button's accessible name says which row it acts on, since
 * a screen reader reads a button out of context; text that may be cut off shows in full in a tooltip,
 * on hover and on keyboard focus; and every action of a row is in its Actions menu, so none is lost
 * to a narrow screen. The menu and the tooltip are the grid's one of each (overlays.tsx).
 */
import * as React from 'react';
import {
  Badge,
  Button,
  makeStyles,
  Menu,
  MenuButton,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  tokens,
} from '@fluentui/react-components';
import { OverlaysContext, type RowAction } from './overlays';

export type { RowAction };

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: '2px', outlineOffset: '-2px' },
  line: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  second: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  problem: { color: tokens.colorPaletteRedForeground1 },
  unsaved: { color: tokens.colorPaletteMarigoldForeground2 },
  inline: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  badge: { marginRight: tokens.spacingHorizontalXS },
  link: {
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    justifyContent: 'flex-start',
  },
});

/** Text longer than this may be cut off in a column: it gets a tooltip with the whole text. */
const TOOLTIP_FROM_CHARS = 28;

export interface TwoLineProps {
  readonly first: React.ReactNode;
  readonly second?: React.ReactNode;
  /** The whole text (for the tooltip) when either line may be cut off. */
  readonly full?: string;
  readonly tone?: 'problem' | 'unsaved';
  /** Make this the cell's focus target (a cell with no control of its own). */
  readonly focus?: boolean;
}

/** Two lines of text; the whole text in the grid's tooltip (overlays.tsx) on hover and focus when it is long. */
export function TwoLine(props: TwoLineProps): React.ReactElement {
  const styles = useStyles();
  const { showTip, hideTip } = React.useContext(OverlaysContext);
  const full = props.full && props.full.length >= TOOLTIP_FROM_CHARS ? props.full : undefined;
  const show = full ? (e: React.SyntheticEvent<HTMLElement>) => showTip(e.currentTarget, full) : undefined;
  const hide = full ? (e: React.SyntheticEvent<HTMLElement>) => hideTip(e.currentTarget) : undefined;
  return (
    <div
      className={styles.stack}
      data-grid-focus={props.focus ? true : undefined}
      tabIndex={props.focus ? -1 : undefined}
      onMouseEnter={show}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
    >
      <span className={styles.line}>{props.first}</span>
      {props.second ? (
        <span className={`${styles.second} ${props.tone ? styles[props.tone] : ''}`}>{props.second}</span>
      ) : null}
    </div>
  );
}

export type StatusColor = 'success' | 'warning' | 'danger' | 'informative';

/** The status a row will have once saved, and under it why it needs a look or that it is unsaved. */
export function StatusCell(props: {
  readonly label: string;
  readonly color: StatusColor;
  readonly note?: string;
  readonly problem: boolean;
  readonly extra?: React.ReactNode;
}): React.ReactElement {
  const badge = (
    <span>
      <Badge appearance="tint" color={props.color}>
        {props.label}
      </Badge>
      {props.extra}
    </span>
  );
  return (
    <TwoLine
      focus
      first={badge}
      second={props.note}
      full={props.note ? `${props.label}: ${props.note}` : undefined}
      tone={props.note ? (props.problem ? 'problem' : 'unsaved') : undefined}
    />
  );
}

/** The record the row maps to (a link that opens it) and the button that opens the picker. */
export function ChosenCell(props: {
  readonly chosen: { readonly name: string } | null;
  readonly openLabel: string;
  onOpen(): void;
  readonly chooseText: string;
  readonly chooseLabel: string;
  onChoose(): void;
}): React.ReactElement {
  const styles = useStyles();
  return (
    <div className={styles.inline}>
      {props.chosen ? (
        <Button
          appearance="transparent"
          size="small"
          className={styles.link}
          aria-label={props.openLabel}
          onClick={props.onOpen}
        >
          {props.chosen.name}
        </Button>
      ) : null}
      <Button size="small" aria-label={props.chooseLabel} onClick={props.onChoose} data-grid-focus>
        {props.chooseText}
      </Button>
    </div>
  );
}

/** The row's Actions button: every action of the row, in the grid's one menu (the cell's focus target). */
export function RowActionsButton(props: {
  readonly text: string;
  readonly label: string;
  actions(): readonly RowAction[];
}) {
  const { openMenu } = React.useContext(OverlaysContext);
  return (
    <MenuButton
      size="small"
      appearance="subtle"
      aria-label={props.label}
      aria-haspopup="menu"
      data-grid-focus
      onClick={(e) => openMenu(e.currentTarget, props.actions())}
    >
      {props.text}
    </MenuButton>
  );
}

/** The status column's filter: a menu of the statuses to show (none checked shows every status). */
export function StatusFilterMenu(props: {
  readonly label: string;
  readonly statuses: readonly (readonly [number, string])[];
  readonly selected: ReadonlySet<number>;
  onChange(selected: ReadonlySet<number>): void;
}): React.ReactElement {
  return (
    <Menu
      checkedValues={{ status: [...props.selected].map(String) }}
      onCheckedValueChange={(_, data) => props.onChange(new Set(data.checkedItems.map(Number)))}
    >
      <MenuTrigger disableButtonEnhancement>
        <MenuButton size="small" appearance={props.selected.size > 0 ? 'primary' : 'subtle'} aria-label={props.label}>
          {props.selected.size > 0 ? String(props.selected.size) : ''}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {props.statuses.map(([value, label]) => (
            <MenuItemCheckbox key={value} name="status" value={String(value)}>
              {label}
            </MenuItemCheckbox>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** A small badge at the start of a row's second line: "New" (since the last sync), "Removed at provider". */
export function RowBadge(props: { readonly text: string; readonly tone: 'new' | 'removed' }): React.ReactElement {
  const styles = useStyles();
  return (
    <Badge
      className={styles.badge}
      size="small"
      appearance={props.tone === 'new' ? 'outline' : 'tint'}
      color={props.tone === 'new' ? 'brand' : 'subtle'}
    >
      {props.text}
    </Badge>
  );
}
