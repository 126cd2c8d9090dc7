/**
 * Put focus back where it was when a dialog opened, once it closes. Fluent's Dialog restores focus
 * to its DialogTrigger; the grids open theirs from a row's button (a row that virtualisation may
 * have re-rendered meanwhile), so the dialog remembers the element itself.
 */
import * as React from 'react';

export function useReturnFocus(): void {
  const origin = React.useRef<Element | null>(typeof document === 'undefined' ? null : document.activeElement);
  React.useEffect(
    () => () => {
      const el = origin.current;
      // After this render: the dialog's own focus handling runs first.
      window.setTimeout(() => {
        if (el instanceof HTMLElement && el.isConnected) el.focus();
      }, 0);
    },
    [],
  );
}
