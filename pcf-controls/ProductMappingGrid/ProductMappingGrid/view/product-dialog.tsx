/**
 * "New product from SKU": a Fluent dialog prefilled from the distributor (name, Provider Part Number,
 * price, cost, and the SKU's term and billing in the description). Every field has a label; a field's
 * problem shows under it (Field's validation message, tied to the input for screen readers) and focus
 * goes to the first field with a problem. The dialog keeps focus inside and Escape cancels.
 */
import * as React from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { draftFor, validateDraft, type DraftField, type NewProductDraft } from '../model/new-product';
import type { ProductRow, Ref } from '../model/types';
import type { ProductMappingStore } from '../store';
import type { StringKey } from '../strings-keys';
import { termAndBilling } from './terms';
import { DialogFrame } from '../../../shared/react/dialog-frame';

const FIELDS: readonly [DraftField, StringKey, 'text' | 'number' | 'select' | 'memo'][] = [
  ['name', 'Field_Name', 'text'],
  ['productNumber', 'Field_ProductNumber', 'text'],
  ['partNumber', 'Field_PartNumber', 'text'],
  ['price', 'Field_Price', 'number'],
  ['cost', 'Field_Cost', 'number'],
  ['unitGroupId', 'Field_UnitGroup', 'select'],
  ['unitId', 'Field_Unit', 'select'],
  ['decimals', 'Field_Decimals', 'number'],
  ['description', 'Field_Description', 'memo'],
];

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM },
  wide: { gridColumn: '1 / span 2' },
});

function useUnits(
  store: ProductMappingStore,
  groupId: string,
  setDraft: React.Dispatch<React.SetStateAction<NewProductDraft>>,
) {
  const [groups, setGroups] = React.useState<readonly Ref[]>([]);
  const [units, setUnits] = React.useState<readonly Ref[]>([]);
  React.useEffect(() => {
    let live = true;
    store.loadUnitGroups().then(
      (g) => {
        if (!live) return;
        setGroups(g);
        // One unit group (the usual "Licences"): choose it, so the person has one field less to fill.
        if (g.length === 1) setDraft((d) => ({ ...d, unitGroupId: g[0].id }));
      },
      () => undefined,
    );
    return () => void (live = false);
  }, [store, setDraft]);
  React.useEffect(() => {
    let live = true;
    if (!groupId) setUnits([]);
    else
      store.loadUnits(groupId).then(
        (u) => {
          if (!live) return;
          setUnits(u);
          if (u.length === 1) setDraft((d) => ({ ...d, unitId: u[0].id }));
        },
        () => undefined,
      );
    return () => void (live = false);
  }, [store, groupId, setDraft]);
  return { groups, units };
}

export function ProductDialog(props: {
  readonly store: ProductMappingStore;
  readonly row: ProductRow;
  onClose(): void;
}) {
  const { store, row } = props;
  const s = store.s;
  const styles = useStyles();
  const [draft, setDraft] = React.useState(() =>
    draftFor(
      row,
      s.get('Description_Text', row.sku, termAndBilling(s, row.term, row.billingCycle) || s.get('Serves_Unknown')),
    ),
  );
  const [problems, setProblems] = React.useState<ReturnType<typeof validateDraft>>({});
  const [status, setStatus] = React.useState<string>();
  const [busy, setBusy] = React.useState(false);
  const { groups, units } = useUnits(store, draft.unitGroupId, setDraft);
  const refs = React.useRef(new Map<DraftField, HTMLElement | null>());

  const submit = async () => {
    const found = validateDraft(draft);
    setProblems(found);
    const first = FIELDS.find(([f]) => found[f]);
    if (first) {
      refs.current.get(first[0])?.focus();
      return;
    }
    setBusy(true);
    setStatus(s.get('Dialog_Working'));
    const error = await store.createAndMap(row, draft);
    setBusy(false);
    if (error) setStatus(error);
    else props.onClose();
  };
  const field = ([f, label, kind]: (typeof FIELDS)[number]) => {
    const problem = problems[f];
    const common = {
      ref: (el: HTMLElement | null) => void refs.current.set(f, el),
      value: draft[f],
      onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
        // Read now: React 16 pools its events, so the updater below must not touch `e`.
        const value = e.target.value;
        setDraft((d) => ({ ...d, [f]: value, ...(f === 'unitGroupId' ? { unitId: '' } : {}) }));
      },
    };
    const options = f === 'unitGroupId' ? groups : units;
    return (
      <Field
        key={f}
        label={s.get(label)}
        className={kind === 'memo' ? styles.wide : undefined}
        validationState={problem ? 'error' : 'none'}
        validationMessage={problem ? s.get(`Problem_${problem}` as StringKey) : undefined}
      >
        {kind === 'select' ? (
          <Select {...common}>
            <option value="">{s.get('Choose_Option')}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        ) : kind === 'memo' ? (
          <Textarea {...common} resize="vertical" />
        ) : (
          <Input {...common} readOnly={f === 'partNumber'} inputMode={kind === 'number' ? 'decimal' : undefined} />
        )}
      </Field>
    );
  };
  return (
    <DialogFrame
      title={s.get('Dialog_Title', row.sku)}
      onClose={props.onClose}
      wrap={(body) => (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {body}
        </form>
      )}
      actions={
        <>
          <Button appearance="primary" type="submit" disabled={busy}>
            {s.get('Dialog_Create')}
          </Button>
          <Button onClick={() => props.onClose()}>{s.get('Dialog_Cancel')}</Button>
        </>
      }
    >
      <p>{s.get('Dialog_Intro', row.sku)}</p>
      <div className={styles.form}>{FIELDS.map(field)}</div>
      {status ? (
        <MessageBar intent={busy ? 'info' : 'error'} role="alert">
          <MessageBarBody>{status}</MessageBarBody>
        </MessageBar>
      ) : null}
    </DialogFrame>
  );
}
