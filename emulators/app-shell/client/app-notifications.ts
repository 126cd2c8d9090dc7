/**
 * `Xrm.App.addGlobalNotification` / `clearGlobalNotification` as Unified Interface draws them: a
 * message bar at the top of the app (type 2, the only type [C]), one line per notification with its
 * level, an optional action button and an optional close button; the id answered is a GUID.
 */
import { ShellStrings } from '../strings';
import { h } from './dom';

const LEVELS: Readonly<Record<number, string>> = { 1: 'success', 2: 'error', 3: 'warning', 4: 'info' };

let count = 0;
const newId = () => `00000000-0000-4000-8000-${String(++count).padStart(12, '0')}`;

function bar(): HTMLElement {
  let el = document.getElementById('app-notifications');
  if (!el) {
    el = h('div', { id: 'app-notifications', class: 'app-notifications', 'aria-live': 'polite' });
    document.body.prepend(el);
  }
  return el;
}

export function addGlobalNotification(n: Xrm.App.Notification): Promise<string> {
  const id = newId();
  const level = LEVELS[n.level] ?? 'info';
  const line = h(
    'div',
    { class: `notification ${level}`, role: level === 'error' ? 'alert' : 'status', 'data-id': id },
    [h('span', { class: 'message' }, [n.message])],
  );
  if (n.action)
    line.append(
      h('button', { type: 'button', class: 'link', onclick: () => n.action?.eventHandler?.() }, [
        n.action.actionLabel ?? '',
      ]),
    );
  if (n.showCloseButton)
    line.append(
      h('button', { type: 'button', class: 'link', 'aria-label': ShellStrings.close, onclick: () => line.remove() }, [
        '×',
      ]),
    );
  bar().append(line);
  return Promise.resolve(id);
}

export function clearGlobalNotification(id: string): Promise<string> {
  document.querySelector(`#app-notifications [data-id="${CSS.escape(id)}"]`)?.remove();
  return Promise.resolve(id);
}
