/**
 * "New product from SKU" dialog: a modal form (role=dialog, aria-modal) prefilled from the
 * distributor. Every field has a label; a field's problem is tied to it with aria-describedby and
 * aria-invalid, and focus goes to the first field with a problem. Tab stays inside the dialog, Escape
 * cancels, and focus returns to the button that opened it.
 */
import { h, uniqueId } from '../../../shared/dom';
import type { Strings } from '../../../shared/strings';
import { MAX_QUANTITY_DECIMALS } from '../ManifestConstants';
import { validateDraft, type DraftField, type NewProductDraft } from '../model/new-product';
import type { Ref } from '../model/types';
import type { StringKey } from '../strings-keys';

export interface DialogRequest {
  readonly sku: string;
  readonly draft: NewProductDraft;
  loadUnitGroups(): Promise<readonly Ref[]>;
  loadUnits(unitGroupId: string): Promise<readonly Ref[]>;
  /** Create and map; resolves to an error message to show, or undefined when done. */
  submit(draft: NewProductDraft): Promise<string | undefined>;
  onClose(): void;
}

interface Field {
  readonly input: HTMLInputElement | HTMLSelectElement;
  readonly error: HTMLElement;
}

const FIELDS: readonly [DraftField, StringKey, 'text' | 'number' | 'select'][] = [
  ['name', 'Field_Name', 'text'],
  ['productNumber', 'Field_ProductNumber', 'text'],
  ['partNumber', 'Field_PartNumber', 'text'],
  ['price', 'Field_Price', 'number'],
  ['cost', 'Field_Cost', 'number'],
  ['unitGroupId', 'Field_UnitGroup', 'select'],
  ['unitId', 'Field_Unit', 'select'],
  ['decimals', 'Field_Decimals', 'number'],
];

export class ProductDialog {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly intro: HTMLElement;
  private readonly status: HTMLElement;
  private readonly fields = new Map<DraftField, Field>();
  private readonly createButton: HTMLButtonElement;
  private request: DialogRequest | undefined;

  constructor(private readonly s: Strings<StringKey>) {
    const titleId = uniqueId('w365-dialog-title');
    this.title = h('h2', { id: titleId });
    this.intro = h('p', { className: 'w365-line2' });
    this.status = h('div', { role: 'alert', className: 'w365-picker-alert' });
    const form = h('form', { noValidate: true });
    for (const [field, labelKey, kind] of FIELDS) {
      const id = uniqueId(`w365-field-${field}`);
      const errorId = `${id}-error`;
      const input =
        kind === 'select'
          ? h('select', { id, className: 'w365-select', 'aria-describedby': errorId })
          : h('input', {
              id,
              className: 'w365-input',
              type: kind === 'number' ? 'text' : 'text',
              inputmode: kind === 'number' ? 'decimal' : undefined,
              'aria-describedby': errorId,
            });
      const error = h('span', { id: errorId, className: 'w365-field-error' });
      form.append(
        h('div', { className: 'w365-field' }, [h('label', { for: id, text: s.get(labelKey) }), input, error]),
      );
      this.fields.set(field, { input, error });
    }
    (this.fields.get('partNumber') as Field).input.setAttribute('readonly', '');
    this.createButton = h('button', {
      type: 'submit',
      className: 'w365-button w365-primary',
      text: s.get('Dialog_Create'),
    });
    const cancel = h('button', { type: 'button', className: 'w365-button', text: s.get('Dialog_Cancel') });
    form.append(this.status, h('div', { className: 'w365-dialog-buttons' }, [cancel, this.createButton]));
    this.element = h(
      'div',
      { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, className: 'w365-dialog', hidden: true },
      [this.title, this.intro, form],
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.onSubmit();
    });
    cancel.addEventListener('click', () => this.close());
    this.element.addEventListener('keydown', (e) => this.onKeyDown(e));
    (this.fields.get('unitGroupId') as Field).input.addEventListener('change', () => void this.loadUnits());
  }

  get isOpen(): boolean {
    return this.request !== undefined;
  }

  async open(request: DialogRequest): Promise<void> {
    this.request = request;
    const s = this.s;
    this.title.textContent = s.get('Dialog_Title', request.sku);
    this.intro.textContent = s.get('Dialog_Intro', request.sku);
    this.status.textContent = '';
    for (const [field, f] of this.fields) {
      f.error.textContent = '';
      f.input.removeAttribute('aria-invalid');
      if (f.input instanceof HTMLInputElement) f.input.value = request.draft[field];
    }
    (this.fields.get('decimals') as Field).input.setAttribute('aria-valuemax', String(MAX_QUANTITY_DECIMALS));
    this.element.hidden = false;
    (this.fields.get('name') as Field).input.focus();
    const groups = await request.loadUnitGroups().catch(() => [] as Ref[]);
    if (this.request !== request) return;
    this.fillSelect('unitGroupId', groups);
    // One unit group (the usual "Licences"): choose it, so the person has one field less to fill.
    if (groups.length === 1) {
      (this.fields.get('unitGroupId') as Field).input.value = groups[0].id;
      await this.loadUnits();
    }
  }

  close(): void {
    const r = this.request;
    if (!r) return;
    this.request = undefined;
    this.element.hidden = true;
    r.onClose();
  }

  private fillSelect(field: 'unitGroupId' | 'unitId', options: readonly Ref[]): void {
    const select = (this.fields.get(field) as Field).input as HTMLSelectElement;
    select.replaceChildren(
      h('option', { value: '', text: this.s.get('Choose_Option') }),
      ...options.map((o) => h('option', { value: o.id, text: o.name })),
    );
  }

  private async loadUnits(): Promise<void> {
    const r = this.request;
    const groupId = (this.fields.get('unitGroupId') as Field).input.value;
    if (!r) return;
    const units = groupId ? await r.loadUnits(groupId).catch(() => [] as Ref[]) : [];
    if (this.request !== r) return;
    this.fillSelect('unitId', units);
    if (units.length === 1) (this.fields.get('unitId') as Field).input.value = units[0].id;
  }

  private draft(): NewProductDraft {
    const v = (f: DraftField) => (this.fields.get(f) as Field).input.value;
    return {
      name: v('name'),
      productNumber: v('productNumber'),
      partNumber: v('partNumber'),
      price: v('price'),
      cost: v('cost'),
      unitGroupId: v('unitGroupId'),
      unitId: v('unitId'),
      decimals: v('decimals'),
    };
  }

  private async onSubmit(): Promise<void> {
    const r = this.request;
    if (!r) return;
    const draft = this.draft();
    const problems = validateDraft(draft);
    let first: Field | undefined;
    for (const [field, f] of this.fields) {
      const p = problems[field];
      f.error.textContent = p ? this.s.get(`Problem_${p}` as StringKey) : '';
      if (p) {
        f.input.setAttribute('aria-invalid', 'true');
        first ??= f;
      } else f.input.removeAttribute('aria-invalid');
    }
    if (first) {
      first.input.focus();
      return;
    }
    this.createButton.disabled = true;
    this.status.textContent = this.s.get('Dialog_Working');
    const error = await r.submit(draft);
    this.createButton.disabled = false;
    if (this.request !== r) return;
    if (error) this.status.textContent = error;
    else this.close();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
      return;
    }
    if (e.key !== 'Tab') return;
    // Keep Tab inside the modal dialog.
    const focusable = Array.from(this.element.querySelectorAll<HTMLElement>('input, select, button')).filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
    if (focusable.length === 0) return;
    const firstEl = focusable[0];
    const lastEl = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === firstEl) {
      e.preventDefault();
      lastEl.focus();
    } else if (!e.shiftKey && document.activeElement === lastEl) {
      e.preventDefault();
      firstEl.focus();
    }
  }
}
