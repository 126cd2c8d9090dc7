/**
 * Model-driven app dialogs, as the shell draws them: alert and confirm dialogs (one at a time, text
 * with its line breaks, Escape cancels) and the progress indicator (one, whose message a later call
 * replaces, as Xrm.Utility.showProgressIndicator does).
 */
import { ShellStrings } from '../strings';
import { h } from './dom';

let dialogCount = 0;

function openDialog(
  title: string,
  text: string,
  buttons: { label: string; value: boolean; primary?: boolean }[],
): Promise<boolean> {
  return new Promise((resolve) => {
    const id = `w365-dialog-${++dialogCount}`;
    const close = (value: boolean) => {
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      resolve(value);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close(false);
      }
    };
    const buttonEls = buttons.map((b) =>
      h('button', { type: 'button', class: b.primary ? 'primary' : 'secondary', onclick: () => close(b.value) }, [
        b.label,
      ]),
    );
    const dialog = h(
      'div',
      {
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': `${id}-title`,
        'aria-describedby': `${id}-text`,
        class: 'dialog',
      },
      [
        h('h2', { id: `${id}-title` }, [title]),
        h('div', { id: `${id}-text`, class: 'dialog-text' }, [text]),
        h('div', { class: 'dialog-buttons' }, buttonEls),
      ],
    );
    const backdrop = h('div', { class: 'dialog-backdrop' }, [dialog]);
    document.body.append(backdrop);
    document.addEventListener('keydown', onKey, true);
    buttonEls[0]?.focus();
  });
}

export function alertDialog(title: string, text: string, confirmLabel: string = ShellStrings.ok): Promise<void> {
  return openDialog(title, text, [{ label: confirmLabel, value: true, primary: true }]).then(() => undefined);
}

export function confirmDialog(
  title: string,
  text: string,
  confirmLabel: string = ShellStrings.ok,
  cancelLabel: string = ShellStrings.cancel,
): Promise<boolean> {
  return openDialog(title, text, [
    { label: confirmLabel, value: true, primary: true },
    { label: cancelLabel, value: false },
  ]);
}

let indicator: HTMLElement | undefined;

export function showProgress(message: string): void {
  if (!indicator) {
    indicator = h('div', { class: 'progress-backdrop' }, [
      h('div', { role: 'status', 'aria-live': 'polite', class: 'progress' }, [
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', { class: 'progress-text' }),
      ]),
    ]);
    document.body.append(indicator);
  }
  const text = indicator.querySelector('.progress-text');
  if (text) text.textContent = message;
}

export function closeProgress(): void {
  indicator?.remove();
  indicator = undefined;
}
