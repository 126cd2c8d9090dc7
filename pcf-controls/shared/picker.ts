/**
 * A searchable lookup picker (ARIA 1.2 combobox with a listbox popup), opened over a grid cell.
 * The search runs on the server through a function the control passes in, debounced so that a
 * person typing "Contoso" sends one query, not seven; answers that arrive after a newer query was
 * sent are dropped. `onChoose` may refuse an option and say why: the message stays in the popup
 * (role=alert) and the picker stays open, so the person can pick another.
 */
import { debounce, type Debounced } from './debounce';
import { h, uniqueId } from './dom';

export interface PickerOption {
  readonly id: string;
  readonly name: string;
  /** Second line: a domain, a product number. */
  readonly detail?: string;
  /** Why choosing it will be refused (shown, and read, before the person tries). */
  readonly warning?: string;
}

export interface PickerStrings {
  readonly searching: string;
  readonly noResults: string;
  readonly typeToSearch: string;
  readonly failed: string;
  readonly close: string;
}

export interface PickerRequest {
  readonly label: string;
  readonly initialText?: string;
  search(text: string): Promise<readonly PickerOption[]>;
  /** Return a refusal message to keep the picker open, or undefined to accept (the picker closes). */
  onChoose(option: PickerOption): string | undefined;
  /** Called after the picker closed (chosen or not), to put focus back. */
  onClose(): void;
  /** Extra action under the list (e.g. "Create a product"), shown when given. */
  readonly extraAction?: { readonly label: string; run(text: string): void };
}

export interface PickerOptions {
  readonly strings: PickerStrings;
  readonly debounceInMs: number;
  readonly minChars: number;
}

export class Picker {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly alert: HTMLElement;
  private readonly label: HTMLElement;
  private readonly extra: HTMLButtonElement;
  private request: PickerRequest | undefined;
  private options: readonly PickerOption[] = [];
  private active = -1;
  private sequence = 0;
  private readonly search: Debounced<[string]>;

  constructor(private readonly config: PickerOptions) {
    const listId = uniqueId('w365-picker-list');
    const inputId = uniqueId('w365-picker-input');
    this.label = h('label', { for: inputId, className: 'w365-picker-label' });
    this.input = h('input', {
      id: inputId,
      type: 'text',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      autocomplete: 'off',
      spellcheck: 'false',
      className: 'w365-picker-input',
    });
    this.list = h('ul', { id: listId, role: 'listbox', className: 'w365-picker-list' });
    this.status = h('div', { role: 'status', className: 'w365-picker-status' });
    this.alert = h('div', { role: 'alert', className: 'w365-picker-alert' });
    this.extra = h('button', { type: 'button', className: 'w365-button w365-picker-extra', hidden: true });
    const close = h('button', {
      type: 'button',
      className: 'w365-button w365-picker-close',
      'aria-label': config.strings.close,
      text: '×',
    });
    this.element = h('div', { className: 'w365-picker', hidden: true }, [
      h('div', { className: 'w365-picker-top' }, [this.label, close]),
      this.input,
      this.alert,
      this.list,
      this.status,
      this.extra,
    ]);
    this.search = debounce((text: string) => void this.runSearch(text), config.debounceInMs);
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    // mousedown, not click: choosing must not blur the input first (that would close the popup).
    this.list.addEventListener('mousedown', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[role="option"]');
      if (!li) return;
      e.preventDefault();
      this.choose(Number(li.dataset.index));
    });
    close.addEventListener('click', () => this.close());
    this.extra.addEventListener('click', () => {
      const r = this.request;
      if (!r?.extraAction) return;
      const text = this.input.value;
      this.close(false);
      r.extraAction.run(text);
    });
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    });
  }

  get isOpen(): boolean {
    return this.request !== undefined;
  }

  /** Open over `anchor` (a cell), positioned inside `container` (the grid's positioned parent). */
  open(anchor: HTMLElement, container: HTMLElement, request: PickerRequest): void {
    if (this.request) this.close(false);
    this.request = request;
    this.label.textContent = request.label;
    this.input.value = request.initialText ?? '';
    this.alert.textContent = '';
    this.extra.hidden = !request.extraAction;
    this.extra.textContent = request.extraAction?.label ?? '';
    this.setOptions([]);
    const a = anchor.getBoundingClientRect();
    const c = container.getBoundingClientRect();
    this.element.style.top = `${a.bottom - c.top + container.scrollTop}px`;
    this.element.style.left = `${Math.max(0, a.left - c.left)}px`;
    this.element.hidden = false;
    this.input.focus();
    this.input.select();
    this.onInput();
  }

  close(notify = true): void {
    const r = this.request;
    if (!r) return;
    this.search.cancel();
    this.sequence++;
    this.request = undefined;
    this.element.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    if (notify) r.onClose();
  }

  destroy(): void {
    this.search.cancel();
    this.request = undefined;
  }

  private onInput(): void {
    const text = this.input.value.trim();
    this.alert.textContent = '';
    if (text.length < this.config.minChars) {
      this.search.cancel();
      this.sequence++;
      this.setOptions([]);
      this.status.textContent = this.config.strings.typeToSearch;
      return;
    }
    this.status.textContent = this.config.strings.searching;
    this.search(text);
  }

  private async runSearch(text: string): Promise<void> {
    const r = this.request;
    if (!r) return;
    const mine = ++this.sequence;
    try {
      const found = await r.search(text);
      if (mine !== this.sequence || this.request !== r) return; // a newer search was sent, or closed
      this.setOptions(found);
      this.status.textContent = found.length === 0 ? this.config.strings.noResults : '';
    } catch {
      if (mine !== this.sequence) return;
      this.setOptions([]);
      this.status.textContent = this.config.strings.failed;
    }
  }

  private setOptions(options: readonly PickerOption[]): void {
    this.options = options;
    this.active = options.length > 0 ? 0 : -1;
    this.list.replaceChildren(
      ...options.map((o, i) =>
        h(
          'li',
          {
            id: `${this.list.id}-${i}`,
            role: 'option',
            'aria-selected': 'false',
            className: `w365-picker-option${o.warning ? ' w365-picker-taken' : ''}`,
            'data-index': i,
          },
          [
            h('span', { className: 'w365-picker-name', text: o.name }),
            o.detail ? h('span', { className: 'w365-picker-detail', text: o.detail }) : undefined,
            o.warning ? h('span', { className: 'w365-picker-warning', text: o.warning }) : undefined,
          ],
        ),
      ),
    );
    this.input.setAttribute('aria-expanded', options.length > 0 ? 'true' : 'false');
    this.highlight();
  }

  private highlight(): void {
    this.list
      .querySelectorAll<HTMLElement>('[role="option"]')
      .forEach((li, i) => li.setAttribute('aria-selected', i === this.active ? 'true' : 'false'));
    if (this.active >= 0) {
      const li = this.list.children[this.active] as HTMLElement | undefined;
      this.input.setAttribute('aria-activedescendant', li?.id ?? '');
      li?.scrollIntoView?.({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  private choose(index: number): void {
    const r = this.request;
    const option = this.options[index];
    if (!r || !option) return;
    const refusal = r.onChoose(option);
    if (refusal) {
      this.alert.textContent = refusal;
      return;
    }
    this.close();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.options.length) % this.options.length;
      this.highlight();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.active >= 0) this.choose(this.active);
    } else if (e.key === 'Tab') {
      this.close();
    }
  }
}
