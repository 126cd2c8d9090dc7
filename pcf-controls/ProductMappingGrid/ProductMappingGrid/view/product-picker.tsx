/**
 * The product picker for one SKU or the selection (shared/react/picker-dialog.tsx): products ranked for
 * the SKU (this provider's, matching term and billing first), each with what it serves; a mismatch (a
 * term or billing cycle the product does not serve, another provider's product) asks before it maps;
 * the line above the search says how many customers' subscriptions the mapping will serve; and
 * "Create a product from this SKU" when none fits.
 */
import * as React from 'react';
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { PickerDialog, pickerStrings, type PickerOption, type Verdict } from '../../../shared/react/picker-dialog';
import { hasMismatch, mismatchOf, type ProductCandidate } from '../model/ranking';
import type { ProductRow } from '../model/types';
import type { Affected, ProductMappingStore } from '../store';
import { mismatchText, servesText, termAndBilling } from './terms';

export interface ProductPickerProps {
  readonly store: ProductMappingStore;
  /** One SKU, or the selection ("Map selected"). */
  readonly rows: readonly ProductRow[];
  onClose(): void;
  onCreate(row: ProductRow): void;
}

function useAffected(store: ProductMappingStore, row: ProductRow | undefined): Affected | undefined {
  const [affected, setAffected] = React.useState<Affected>();
  React.useEffect(() => {
    let live = true;
    if (row) void store.affected(row).then((a) => live && setAffected(a));
    return () => void (live = false);
  }, [store, row]);
  return affected;
}

export function ProductPicker({ store, rows, onClose, onCreate }: ProductPickerProps): React.ReactElement {
  const s = store.s;
  const single = rows.length === 1 ? rows[0] : undefined;
  const lead = rows[0];
  const affected = useAffected(store, single);
  const candidates = React.useRef(new Map<string, ProductCandidate>());
  const search = React.useCallback(
    async (text: string): Promise<PickerOption[]> => {
      const found = await store.searchProducts(text, lead);
      candidates.current = new Map(found.map((c) => [c.id, c]));
      return found.map((c) => {
        const m = mismatchOf(lead, c);
        return {
          id: c.id,
          name: c.name,
          detail: [c.detail, servesText(s, c)].filter(Boolean).join(' · '),
          warning: hasMismatch(m) ? mismatchText(s, lead, m) : undefined,
        };
      });
    },
    [store, lead, s],
  );
  const judge = (option: PickerOption): Verdict => {
    const c = candidates.current.get(option.id);
    if (!c) return { kind: 'ok' };
    const off = rows.filter((r) => hasMismatch(mismatchOf(r, c)));
    if (off.length === 0) return { kind: 'ok' };
    const text = single
      ? s.get('Confirm_One', c.name, single.sku, mismatchText(s, single, mismatchOf(single, c)))
      : s.get('Confirm_Many', c.name, off.length, rows.length);
    return { kind: 'confirm', text };
  };
  const terms = single ? termAndBilling(s, single.term, single.billingCycle) : '';
  const intro = single ? (
    <MessageBar intent="info">
      <MessageBarBody>
        {affected
          ? s.get(
              'Affected_Text',
              single.sku,
              terms || s.get('Serves_Unknown'),
              affected.subscriptions,
              affected.customers,
            )
          : s.get('Affected_Every', single.sku, terms || s.get('Serves_Unknown'))}
      </MessageBarBody>
    </MessageBar>
  ) : (
    <MessageBar intent="info">
      <MessageBarBody>{s.get('Affected_Many', rows.length)}</MessageBarBody>
    </MessageBar>
  );
  return (
    <PickerDialog
      title={single ? s.get('Picker_Title', single.sku) : s.get('Picker_Title_Many', rows.length)}
      label={single ? s.get('Picker_Label', single.sku) : s.get('Picker_Label_Many', rows.length)}
      intro={intro}
      initialText={single?.sku}
      strings={pickerStrings(s)}
      search={search}
      judge={judge}
      onChosen={(option) => {
        store.choose(rows, { id: option.id, name: option.name });
        onClose();
      }}
      onClose={onClose}
      actions={single ? <Button onClick={() => onCreate(single)}>{s.get('Picker_Create')}</Button> : undefined}
    />
  );
}
