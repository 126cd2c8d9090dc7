/**
 * AccountMappingGrid: the PCF lifecycle only (shared/react/control.ts). The rules are in model/ (pure),
 * what the grid holds and does in store.ts, and what it shows in view/; this file stays the thin shell
 * the platform calls.
 */
import * as React from 'react';
import { MappingGridControl } from '../../shared/react/control';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { DEFAULT_HEIGHT_IN_PX } from './ManifestConstants';
import { AccountMappingStore } from './store';
import { AccountGrid } from './view/grid';

export class AccountMappingGrid extends MappingGridControl<IInputs, IOutputs, AccountMappingStore> {
  protected createStore(
    context: ComponentFramework.Context<IInputs>,
    state: ComponentFramework.Dictionary | undefined,
  ): AccountMappingStore {
    return new AccountMappingStore(context, state);
  }

  protected view(store: AccountMappingStore, context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const allocated = context.mode.allocatedHeight;
    return React.createElement(AccountGrid, { store, heightInPx: allocated > 0 ? allocated : DEFAULT_HEIGHT_IN_PX });
  }
}
