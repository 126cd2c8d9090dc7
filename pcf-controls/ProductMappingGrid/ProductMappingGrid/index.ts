/**
 * ProductMappingGrid: the PCF lifecycle only (shared/react/control.ts). The rules are in model/ (pure),
 * what the grid holds and does in store.ts, and what it shows in view/; this file stays the thin shell
 * the platform calls.
 */
import * as React from 'react';
import { MappingGridControl } from '../../shared/react/control';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { DEFAULT_HEIGHT_IN_PX } from './ManifestConstants';
import { ProductMappingStore } from './store';
import { ProductGrid } from './view/grid';

export class ProductMappingGrid extends MappingGridControl<IInputs, IOutputs, ProductMappingStore> {
  protected createStore(
    context: ComponentFramework.Context<IInputs>,
    state: ComponentFramework.Dictionary | undefined,
  ): ProductMappingStore {
    return new ProductMappingStore(context, state);
  }

  protected view(store: ProductMappingStore, context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const allocated = context.mode.allocatedHeight;
    return React.createElement(ProductGrid, { store, heightInPx: allocated > 0 ? allocated : DEFAULT_HEIGHT_IN_PX });
  }
}
