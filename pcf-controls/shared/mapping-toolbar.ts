/**
 * The toolbar both mapping grids share: status filter, search box, counts per status (each a button
 * that filters), the control's own buttons, "Save all" and the save progress. Plain DOM; the
 * controller owns the state and calls `update` after every change.
 */
import { h, uniqueId } from './dom';
import type { GridStringKey } from './grid-strings';
import type { Counts, GridFilter } from './mapping-rules';
import type { Strings } from './strings';

export interface GridToolbarHandlers {
  onStatus(status: GridFilter): void;
  onSearch(text: string): void;
  onSave(): void;
}

export interface SaveProgress {
  readonly done: number;
  readonly total: number;
}

export interface GridToolbarState {
  readonly counts: Counts;
  readonly status: GridFilter;
  readonly shown: number;
  readonly total: number;
  readonly saving: SaveProgress | undefined;
}

export interface GridToolbarOptions<K extends string> {
  /** Prefix of the filter's and search box's ids (`w365` gives `w365-status-<n>` and `w365-search-<n>`). */
  readonly idPrefix: string;
  /** Each status's choice value and .resx key, in the order of the filter's options and the count buttons. */
  readonly statuses: readonly (readonly [number, K])[];
  /** Attributes of the search box beyond the shared ones. */
  readonly searchAttributes?: Readonly<Record<string, string>>;
  /** The control's own buttons, between the "shown" count and Save all. */
  readonly actions?: readonly HTMLElement[];
  /** A line of help under the toolbar. */
  readonly help?: string;
  /** Give the progress bar its accessible name before the first save too, not only while saving. */
  readonly progressNamedAtStart?: boolean;
}

const decode = (v: string): GridFilter => (v === 'all' || v === 'unsaved' || v === 'attention' ? v : Number(v));

export class GridToolbar<K extends string> {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly select: HTMLSelectElement;
  private readonly countButtons = new Map<number, HTMLButtonElement>();
  private readonly shown: HTMLElement;
  private readonly save: HTMLButtonElement;
  private readonly progress: HTMLProgressElement;
  private readonly progressText: HTMLElement;

  constructor(
    protected readonly s: Strings<K | GridStringKey>,
    handlers: GridToolbarHandlers,
    private readonly options: GridToolbarOptions<K>,
  ) {
    const selectId = uniqueId(`${options.idPrefix}-status`);
    const searchId = uniqueId(`${options.idPrefix}-search`);
    this.select = h('select', { id: selectId, className: 'w365-select' }, [
      h('option', { value: 'all', text: s.get('Filter_All') }),
      ...options.statuses.map(([value, key]) => h('option', { value, text: s.get(key) })),
      h('option', { value: 'unsaved', text: s.get('Filter_Unsaved') }),
      h('option', { value: 'attention', text: s.get('Filter_Attention') }),
    ]);
    this.search = h('input', {
      id: searchId,
      type: 'search',
      className: 'w365-search',
      placeholder: s.get('Search_Placeholder'),
      autocomplete: 'off',
      ...options.searchAttributes,
    });
    const counts = h('div', { role: 'group', 'aria-label': s.get('Col_Status'), className: 'w365-counts' });
    for (const [value] of options.statuses) {
      const b = h('button', { type: 'button', className: 'w365-count', 'aria-pressed': 'false' });
      b.addEventListener('click', () => {
        const next = decode(this.select.value) === value ? 'all' : value;
        this.select.value = String(next);
        handlers.onStatus(next);
      });
      this.countButtons.set(value, b);
      counts.append(b);
    }
    this.shown = h('span', { className: 'w365-shown' });
    this.save = h('button', { type: 'button', className: 'w365-button w365-primary' });
    this.progress = h('progress', {
      className: 'w365-progress',
      max: 1,
      value: 0,
      hidden: true,
      'aria-label': options.progressNamedAtStart ? s.get('Saving', 0, 0) : undefined,
    });
    this.progressText = h('span', { className: 'w365-progress-text' });
    this.element = h('div', { className: 'w365-toolbar' }, [
      h('div', { className: 'w365-toolbar-row' }, [
        h('label', { for: selectId, text: s.get('Filter_Label') }),
        this.select,
        h('label', { for: searchId, className: 'w365-sr-only', text: s.get('Search_Label') }),
        this.search,
        counts,
      ]),
      h('div', { className: 'w365-toolbar-row' }, [
        this.shown,
        ...(options.actions ?? []),
        this.save,
        this.progress,
        this.progressText,
      ]),
      options.help === undefined ? undefined : h('div', { className: 'w365-help', text: options.help }),
    ]);
    this.select.addEventListener('change', () => handlers.onStatus(decode(this.select.value)));
    this.search.addEventListener('input', () => handlers.onSearch(this.search.value));
    this.save.addEventListener('click', () => handlers.onSave());
  }

  update(state: GridToolbarState): void {
    const s = this.s;
    for (const [value, key] of this.options.statuses) {
      const b = this.countButtons.get(value) as HTMLButtonElement;
      b.textContent = s.get('Count_Label', s.get(key), state.counts.byStatus.get(value) ?? 0);
      b.setAttribute('aria-pressed', state.status === value ? 'true' : 'false');
    }
    this.select.value = String(state.status);
    this.shown.textContent = s.get('Shown', state.shown, state.total);
    this.save.textContent = s.get('Save_Button', state.counts.unsaved);
    this.save.disabled = state.saving !== undefined || state.counts.unsaved === 0;
    this.progress.hidden = state.saving === undefined;
    if (state.saving) {
      this.progress.max = Math.max(1, state.saving.total);
      this.progress.value = state.saving.done;
      const text = s.get('Saving', state.saving.done, state.saving.total);
      this.progress.setAttribute('aria-label', text);
      this.progressText.textContent = text;
    } else this.progressText.textContent = '';
  }
}
