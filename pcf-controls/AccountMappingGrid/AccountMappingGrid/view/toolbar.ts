/**
 * The toolbar: status filter, search box, counts per status (each a button that filters), "Accept
 * all exact matches", "Save all" and the save progress. Plain DOM; the controller owns the state and
 * calls `update` after every change.
 */
import { h, uniqueId } from '../../../shared/dom';
import type { Strings } from '../../../shared/strings';
import { MappingStatus } from '../ManifestConstants';
import type { Counts } from '../model/mapping';
import type { StatusFilter } from '../model/types';
import type { StringKey } from '../strings-keys';

export interface ToolbarHandlers {
  onStatus(status: StatusFilter): void;
  onSearch(text: string): void;
  onAcceptExact(): void;
  onSave(): void;
}

export interface ToolbarState {
  readonly counts: Counts;
  readonly status: StatusFilter;
  readonly shown: number;
  readonly total: number;
  readonly exact: number;
  readonly saving: { done: number; total: number } | undefined;
}

export const STATUS_KEYS: readonly [number, StringKey][] = [
  [MappingStatus.NotSetup, 'Status_NotSetup'],
  [MappingStatus.Suggested, 'Status_Suggested'],
  [MappingStatus.Mapped, 'Status_Mapped'],
  [MappingStatus.Excluded, 'Status_Excluded'],
];

const encode = (s: StatusFilter): string => String(s);
const decode = (v: string): StatusFilter => (v === 'all' || v === 'unsaved' || v === 'attention' ? v : Number(v));

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly select: HTMLSelectElement;
  private readonly countButtons = new Map<number, HTMLButtonElement>();
  private readonly shown: HTMLElement;
  private readonly acceptExact: HTMLButtonElement;
  private readonly save: HTMLButtonElement;
  private readonly progress: HTMLProgressElement;
  private readonly progressText: HTMLElement;

  constructor(
    private readonly s: Strings<StringKey>,
    handlers: ToolbarHandlers,
  ) {
    const selectId = uniqueId('w365-status');
    const searchId = uniqueId('w365-search');
    this.select = h('select', { id: selectId, className: 'w365-select' }, [
      h('option', { value: 'all', text: s.get('Filter_All') }),
      ...STATUS_KEYS.map(([value, key]) => h('option', { value, text: s.get(key) })),
      h('option', { value: 'unsaved', text: s.get('Filter_Unsaved') }),
      h('option', { value: 'attention', text: s.get('Filter_Attention') }),
    ]);
    this.search = h('input', { id: searchId, type: 'search', className: 'w365-search', placeholder: s.get('Search_Placeholder'), autocomplete: 'off', spellcheck: 'false' });
    const counts = h('div', { role: 'group', 'aria-label': s.get('Col_Status'), className: 'w365-counts' });
    for (const [value] of STATUS_KEYS) {
      const b = h('button', { type: 'button', className: 'w365-count', 'aria-pressed': 'false' });
      b.addEventListener('click', () => {
        const next = this.decodeCurrent() === value ? 'all' : value;
        this.select.value = encode(next);
        handlers.onStatus(next);
      });
      this.countButtons.set(value, b);
      counts.append(b);
    }
    this.shown = h('span', { className: 'w365-shown' });
    this.acceptExact = h('button', { type: 'button', className: 'w365-button' });
    this.save = h('button', { type: 'button', className: 'w365-button w365-primary' });
    this.progress = h('progress', { className: 'w365-progress', max: 1, value: 0, hidden: true, 'aria-label': s.get('Saving', 0, 0) });
    this.progressText = h('span', { className: 'w365-progress-text' });
    this.element = h('div', { className: 'w365-toolbar' }, [
      h('div', { className: 'w365-toolbar-row' }, [
        h('label', { for: selectId, text: s.get('Filter_Label') }),
        this.select,
        h('label', { for: searchId, className: 'w365-sr-only', text: s.get('Search_Label') }),
        this.search,
        counts,
      ]),
      h('div', { className: 'w365-toolbar-row' }, [this.shown, this.acceptExact, this.save, this.progress, this.progressText]),
    ]);
    this.select.addEventListener('change', () => handlers.onStatus(this.decodeCurrent()));
    this.search.addEventListener('input', () => handlers.onSearch(this.search.value));
    this.acceptExact.addEventListener('click', () => handlers.onAcceptExact());
    this.save.addEventListener('click', () => handlers.onSave());
  }

  private decodeCurrent(): StatusFilter {
    return decode(this.select.value);
  }

  update(state: ToolbarState): void {
    const s = this.s;
    for (const [value, key] of STATUS_KEYS) {
      const b = this.countButtons.get(value) as HTMLButtonElement;
      b.textContent = s.get('Count_Label', s.get(key), state.counts.byStatus.get(value) ?? 0);
      b.setAttribute('aria-pressed', state.status === value ? 'true' : 'false');
    }
    this.select.value = encode(state.status);
    this.shown.textContent = s.get('Shown', state.shown, state.total);
    const busy = state.saving !== undefined;
    this.acceptExact.textContent = s.get('AcceptExact_Button', state.exact);
    this.acceptExact.disabled = busy || state.exact === 0;
    this.save.textContent = s.get('Save_Button', state.counts.unsaved);
    this.save.disabled = busy || state.counts.unsaved === 0;
    this.progress.hidden = !busy;
    if (state.saving) {
      this.progress.max = Math.max(1, state.saving.total);
      this.progress.value = state.saving.done;
      const text = s.get('Saving', state.saving.done, state.saving.total);
      this.progress.setAttribute('aria-label', text);
      this.progressText.textContent = text;
    } else this.progressText.textContent = '';
  }
}
