/** The product grid's toolbar: status filter, search, counts per status, Save all and its progress. */
import { h, uniqueId } from '../../../shared/dom';
import type { Strings } from '../../../shared/strings';
import { ProductMappingStatus } from '../ManifestConstants';
import type { ProductFilter } from '../model/types';
import type { StringKey } from '../strings-keys';

export const STATUS_KEYS: readonly [number, StringKey][] = [
  [ProductMappingStatus.NotMapped, 'Status_NotMapped'],
  [ProductMappingStatus.Mapped, 'Status_Mapped'],
];

export interface ProductToolbarState {
  readonly byStatus: ReadonlyMap<number, number>;
  readonly unsaved: number;
  readonly status: ProductFilter;
  readonly shown: number;
  readonly total: number;
  readonly saving: { done: number; total: number } | undefined;
}

const decode = (v: string): ProductFilter => (v === 'all' || v === 'unsaved' || v === 'attention' ? v : Number(v));

export class ProductToolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly select: HTMLSelectElement;
  private readonly counts = new Map<number, HTMLButtonElement>();
  private readonly shown: HTMLElement;
  private readonly save: HTMLButtonElement;
  private readonly progress: HTMLProgressElement;
  private readonly progressText: HTMLElement;

  constructor(
    private readonly s: Strings<StringKey>,
    handlers: { onStatus(f: ProductFilter): void; onSearch(text: string): void; onSave(): void },
  ) {
    const selectId = uniqueId('w365-pm-status');
    const searchId = uniqueId('w365-pm-search');
    this.select = h('select', { id: selectId, className: 'w365-select' }, [
      h('option', { value: 'all', text: s.get('Filter_All') }),
      ...STATUS_KEYS.map(([value, key]) => h('option', { value, text: s.get(key) })),
      h('option', { value: 'unsaved', text: s.get('Filter_Unsaved') }),
      h('option', { value: 'attention', text: s.get('Filter_Attention') }),
    ]);
    this.search = h('input', { id: searchId, type: 'search', className: 'w365-search', placeholder: s.get('Search_Placeholder'), autocomplete: 'off' });
    const group = h('div', { role: 'group', 'aria-label': s.get('Col_Status'), className: 'w365-counts' });
    for (const [value] of STATUS_KEYS) {
      const b = h('button', { type: 'button', className: 'w365-count', 'aria-pressed': 'false' });
      b.addEventListener('click', () => {
        const next = decode(this.select.value) === value ? 'all' : value;
        this.select.value = String(next);
        handlers.onStatus(next);
      });
      this.counts.set(value, b);
      group.append(b);
    }
    this.shown = h('span', { className: 'w365-shown' });
    this.save = h('button', { type: 'button', className: 'w365-button w365-primary' });
    this.progress = h('progress', { className: 'w365-progress', max: 1, value: 0, hidden: true });
    this.progressText = h('span', { className: 'w365-progress-text' });
    this.element = h('div', { className: 'w365-toolbar' }, [
      h('div', { className: 'w365-toolbar-row' }, [
        h('label', { for: selectId, text: s.get('Filter_Label') }),
        this.select,
        h('label', { for: searchId, className: 'w365-sr-only', text: s.get('Search_Label') }),
        this.search,
        group,
      ]),
      h('div', { className: 'w365-toolbar-row' }, [this.shown, this.save, this.progress, this.progressText]),
      h('div', { className: 'w365-help', text: s.get('Help') }),
    ]);
    this.select.addEventListener('change', () => handlers.onStatus(decode(this.select.value)));
    this.search.addEventListener('input', () => handlers.onSearch(this.search.value));
    this.save.addEventListener('click', () => handlers.onSave());
  }

  update(state: ProductToolbarState): void {
    const s = this.s;
    for (const [value, key] of STATUS_KEYS) {
      const b = this.counts.get(value) as HTMLButtonElement;
      b.textContent = s.get('Count_Label', s.get(key), state.byStatus.get(value) ?? 0);
      b.setAttribute('aria-pressed', state.status === value ? 'true' : 'false');
    }
    this.select.value = String(state.status);
    this.shown.textContent = s.get('Shown', state.shown, state.total);
    this.save.textContent = s.get('Save_Button', state.unsaved);
    this.save.disabled = state.saving !== undefined || state.unsaved === 0;
    this.progress.hidden = state.saving === undefined;
    if (state.saving) {
      this.progress.max = Math.max(1, state.saving.total);
      this.progress.value = state.saving.done;
      this.progressText.textContent = s.get('Saving', state.saving.done, state.saving.total);
      this.progress.setAttribute('aria-label', this.progressText.textContent);
    } else this.progressText.textContent = '';
  }
}
