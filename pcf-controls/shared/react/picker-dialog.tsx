/**
 * The searchable picker both grids open to choose a record (a CRM account, a product): a Fluent
 * dialog holding a combobox whose options come from a server search, debounced so that a person
 * typing "Contoso" sends one query, not seven; answers that arrive after a newer query are dropped.
 * Choosing may be refused (the message stays, the dialog stays open) or may need a confirmation (a
 * warning with "Choose anyway"), so a mistake is caught before it becomes an edit.
 */
import * as React from 'react';
import {
  Button,
  Combobox,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { GridStringKey } from '../grid-strings';
import { SEARCH_DEBOUNCE_IN_MS, SEARCH_MIN_CHARS } from '../tuning';
import { DialogFrame } from './dialog-frame';

export interface PickerOption {
  readonly id: string;
  readonly name: string;
  /** Second line: a number, a website, a product's term and billing. */
  readonly detail?: string;
  /** Shown on the option, before the person chooses it (held by another row, another term). */
  readonly warning?: string;
}

/** What choosing an option comes to: accepted, refused with a reason, or to be confirmed. */
export type Verdict = { readonly kind: 'ok' } | { readonly kind: 'refuse' | 'confirm'; readonly text: string };

export interface PickerStrings {
  readonly searching: string;
  readonly noResults: string;
  readonly typeToSearch: string;
  readonly failed: string;
  readonly close: string;
  readonly confirm: string;
  readonly chooseAnother: string;
}

/** The picker's strings from a control's .resx (the shared keys of grid-strings.ts). */
export function pickerStrings(s: { get(key: GridStringKey): string }): PickerStrings {
  return {
    searching: s.get('Picker_Searching'),
    noResults: s.get('Picker_NoResults'),
    typeToSearch: s.get('Picker_Type'),
    failed: s.get('Picker_Failed'),
    close: s.get('Picker_Close'),
    confirm: s.get('Picker_Confirm'),
    chooseAnother: s.get('Picker_ChooseAnother'),
  };
}

export interface PickerDialogProps {
  readonly title: string;
  /** The combobox's accessible name ("CRM account for Contoso Pty Ltd"). */
  readonly label: string;
  readonly intro?: React.ReactNode;
  readonly initialText?: string;
  readonly strings: PickerStrings;
  search(text: string): Promise<readonly PickerOption[]>;
  judge(option: PickerOption): Verdict;
  onChosen(option: PickerOption): void;
  onClose(): void;
  /** More buttons beside Close ("Create a product from this SKU"). */
  readonly actions?: React.ReactNode;
}

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  option: { display: 'flex', flexDirection: 'column' },
  detail: { color: tokens.colorNeutralForeground3 },
  warning: { color: tokens.colorPaletteRedForeground1 },
  combo: { width: '100%' },
});

type Phase = 'idle' | 'searching' | 'done' | 'failed';

function useSearch(search: PickerDialogProps['search'], text: string) {
  const [options, setOptions] = React.useState<readonly PickerOption[]>([]);
  const [phase, setPhase] = React.useState<Phase>('idle');
  const sequence = React.useRef(0);
  React.useEffect(() => {
    const mine = ++sequence.current;
    if (text.trim().length < SEARCH_MIN_CHARS) {
      setOptions([]);
      setPhase('idle');
      return undefined;
    }
    setPhase('searching');
    const timer = window.setTimeout(() => {
      search(text.trim()).then(
        (found) => {
          if (mine !== sequence.current) return; // a newer search was sent meanwhile
          setOptions(found);
          setPhase('done');
        },
        () => {
          if (mine !== sequence.current) return;
          setOptions([]);
          setPhase('failed');
        },
      );
    }, SEARCH_DEBOUNCE_IN_MS);
    return () => window.clearTimeout(timer);
  }, [search, text]);
  // A closed dialog drops answers still on their way.
  React.useEffect(() => () => void (sequence.current += 1), []);
  return { options, phase };
}

export function PickerDialog(props: PickerDialogProps): React.ReactElement {
  const styles = useStyles();
  const { strings } = props;
  const [text, setText] = React.useState(props.initialText ?? '');
  const [open, setOpen] = React.useState(true);
  const [verdict, setVerdict] = React.useState<{ option: PickerOption; kind: 'refuse' | 'confirm'; text: string }>();
  const { options, phase } = useSearch(props.search, text);

  const pick = (id: string | undefined) => {
    const option = options.find((o) => o.id === id);
    if (!option) return;
    const v = props.judge(option);
    if (v.kind === 'ok') props.onChosen(option);
    else setVerdict({ option, kind: v.kind, text: v.text });
  };
  const status =
    phase === 'idle'
      ? strings.typeToSearch
      : phase === 'searching'
        ? strings.searching
        : phase === 'failed'
          ? strings.failed
          : options.length === 0
            ? strings.noResults
            : '';
  return (
    <DialogFrame
      title={props.title}
      onClose={props.onClose}
      contentClassName={styles.content}
      actions={
        <>
          {props.actions}
          <Button onClick={() => props.onClose()}>{strings.close}</Button>
        </>
      }
    >
      {props.intro}
      <Combobox
        className={styles.combo}
        freeform
        aria-label={props.label}
        value={text}
        open={open && options.length > 0}
        onOpenChange={(_, data) => setOpen(data.open)}
        onChange={(e) => {
          setText(e.target.value);
          setVerdict(undefined);
          setOpen(true);
        }}
        onOptionSelect={(_, data) => pick(data.optionValue)}
      >
        {options.map((o) => (
          <Option key={o.id} value={o.id} text={o.name}>
            <span className={styles.option}>
              <span>{o.name}</span>
              {o.detail ? <span className={styles.detail}>{o.detail}</span> : null}
              {o.warning ? <span className={styles.warning}>{o.warning}</span> : null}
            </span>
          </Option>
        ))}
      </Combobox>
      <Text role="status" size={200}>
        {status}
      </Text>
      {verdict ? (
        <MessageBar intent={verdict.kind === 'refuse' ? 'error' : 'warning'} role="alert">
          <MessageBarBody>{verdict.text}</MessageBarBody>
          {verdict.kind === 'confirm' ? (
            <MessageBarActions>
              <Button onClick={() => props.onChosen(verdict.option)}>{strings.confirm}</Button>
              <Button
                onClick={() => {
                  setVerdict(undefined);
                  setOpen(true);
                }}
              >
                {strings.chooseAnother}
              </Button>
            </MessageBarActions>
          ) : null}
        </MessageBar>
      ) : null}
    </DialogFrame>
  );
}
