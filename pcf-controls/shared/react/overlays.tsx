/**
 * One Actions menu and one tooltip for the whole grid, opened at the row's button or over the cell's
 * text. Rows are mounted and unmounted as the person scrolls: a Fluent Menu and Tooltip per row would
 * be built for every row scrolled past (most of a scroll frame's time), while only one is ever open.
 */
import * as React from 'react';
import { Menu, MenuItem, MenuList, MenuPopover, Tooltip } from '@fluentui/react-components';

export interface RowAction {
  readonly key: string;
  readonly label: string;
  run(): void;
}

export interface Overlays {
  /** Open the Actions menu at `target`; focus returns to it when the menu closes. */
  openMenu(target: HTMLElement, actions: readonly RowAction[]): void;
  /** Show `text` in a tooltip over `target` (on hover and keyboard focus), until hidden. */
  showTip(target: HTMLElement, text: string): void;
  hideTip(target: HTMLElement): void;
}

const none: Overlays = { openMenu: () => undefined, showTip: () => undefined, hideTip: () => undefined };
export const OverlaysContext = React.createContext<Overlays>(none);

const HIDDEN_ANCHOR: React.CSSProperties = { position: 'fixed', width: 0, height: 0, overflow: 'hidden' };

export function OverlayHost({ children }: { readonly children: React.ReactNode }): React.ReactElement {
  const [menu, setMenu] = React.useState<{ target: HTMLElement; actions: readonly RowAction[] }>();
  const [tip, setTip] = React.useState<{ target: HTMLElement; text: string }>();
  const overlays = React.useMemo<Overlays>(
    () => ({
      openMenu: (target, actions) => setMenu({ target, actions }),
      showTip: (target, text) => setTip({ target, text }),
      hideTip: (target) => setTip((t) => (t?.target === target ? undefined : t)),
    }),
    [],
  );
  const list = React.useRef<HTMLDivElement>(null);
  // Opened from its button (not a MenuTrigger), the menu takes focus itself: its first item, as a
  // menu button's menu does, so the arrows work at once.
  React.useEffect(() => {
    if (menu) list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu]);
  const close = (refocus: boolean) => {
    const target = menu?.target;
    setMenu(undefined);
    if (refocus && target?.isConnected) target.focus();
  };
  return (
    <OverlaysContext.Provider value={overlays}>
      {children}
      {menu ? (
        <Menu
          open
          onOpenChange={(_, data) => (data.open ? undefined : close(true))}
          positioning={{ target: menu.target, position: 'below', align: 'end' }}
        >
          <MenuPopover>
            <MenuList ref={list}>
              {menu.actions.map((a) => (
                <MenuItem
                  key={a.key}
                  onClick={() => {
                    close(true);
                    a.run();
                  }}
                >
                  {a.label}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      ) : null}
      {tip ? (
        // The cell's text is in the DOM in full (only cut off visually), so screen readers read it
        // anyway: the tooltip is for the eyes only.
        <Tooltip content={tip.text} relationship="inaccessible" visible withArrow positioning={{ target: tip.target }}>
          <span style={HIDDEN_ANCHOR} />
        </Tooltip>
      ) : null}
    </OverlaysContext.Provider>
  );
}
