/**
 * The account grid's toolbar: the shared one (shared/mapping-toolbar.ts: status filter, search box,
 * counts per status, Save all and its progress) with "Accept all exact matches" before Save all.
 */
import { h } from '../../../shared/dom';
import { GridToolbar, type GridToolbarHandlers, type GridToolbarState } from '../../../shared/mapping-toolbar';
import type { Strings } from '../../../shared/strings';
import { MappingStatus } from '../ManifestConstants';
import type { StringKey } from '../strings-keys';

export interface ToolbarHandlers extends GridToolbarHandlers {
  onAcceptExact(): void;
}

export interface ToolbarState extends GridToolbarState {
  /** How many exact suggestions "Accept all exact matches" would accept now. */
  readonly exact: number;
}

export const STATUS_KEYS: readonly [number, StringKey][] = [
  [MappingStatus.NotSetup, 'Status_NotSetup'],
  [MappingStatus.Suggested, 'Status_Suggested'],
  [MappingStatus.Mapped, 'Status_Mapped'],
  [MappingStatus.Excluded, 'Status_Excluded'],
];

export class Toolbar extends GridToolbar<StringKey> {
  private readonly acceptExact: HTMLButtonElement;

  constructor(s: Strings<StringKey>, handlers: ToolbarHandlers) {
    const acceptExact = h('button', { type: 'button', className: 'w365-button' });
    super(s, handlers, {
      idPrefix: 'w365',
      statuses: STATUS_KEYS,
      searchAttributes: { spellcheck: 'false' },
      actions: [acceptExact],
      progressNamedAtStart: true,
    });
    this.acceptExact = acceptExact;
    this.acceptExact.addEventListener('click', () => handlers.onAcceptExact());
  }

  update(state: ToolbarState): void {
    super.update(state);
    this.acceptExact.textContent = this.s.get('AcceptExact_Button', state.exact);
    this.acceptExact.disabled = state.saving !== undefined || state.exact === 0;
  }
}
