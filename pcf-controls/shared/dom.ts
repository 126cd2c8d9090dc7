/** Tiny DOM helpers: the controls build their DOM by hand (no framework) to keep bundle.js small. */

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | number | boolean | undefined>> = {},
  children: readonly (Node | string | undefined | false)[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'className') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

let idCounter = 0;
/** A document-unique id for aria-controls / aria-labelledby pairs. */
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * Screen-reader announcements: one polite region (progress, counts, "mapped") and one assertive
 * region (refusals and save problems). Text is cleared first so that the same message said twice is
 * read twice.
 */
export class Announcer {
  readonly element: HTMLElement;
  private readonly polite: HTMLElement;
  private readonly assertive: HTMLElement;
  private timer: number | undefined;

  constructor() {
    this.polite = h('div', { role: 'status', 'aria-live': 'polite', className: 'w365-sr-only' });
    this.assertive = h('div', { role: 'alert', 'aria-live': 'assertive', className: 'w365-sr-only' });
    this.element = h('div', {}, [this.polite, this.assertive]);
  }

  say(text: string, urgent = false): void {
    const region = urgent ? this.assertive : this.polite;
    region.textContent = '';
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    // A short delay between clearing and setting is what makes screen readers notice a repeat.
    this.timer = window.setTimeout(() => {
      region.textContent = text;
    }, 50);
  }

  destroy(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
  }
}

/** `parent.append` that skips undefined/false, for optional parts of a cell. */
export function append(target: HTMLElement, ...children: readonly (Node | string | undefined | false)[]): void {
  for (const c of children) if (c !== undefined && c !== false) target.append(c);
}
