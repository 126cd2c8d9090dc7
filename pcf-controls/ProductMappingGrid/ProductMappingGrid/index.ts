/**
 * ProductMappingGrid: the manifest's constructor, the PCF lifecycle only (shared/react/control.ts).
 * The rules are in model/ (pure), what the grid holds and does in store.ts, what it shows in view/.
 */
import { gridControl } from '../../shared/react/control';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { DEFAULT_HEIGHT_IN_PX } from './ManifestConstants';
import { ProductMappingStore } from './store';
import { ProductGrid } from './view/grid';

/** The class the platform constructs (the manifest's `constructor`). */
export class ProductMappingGrid extends gridControl<IInputs, IOutputs, ProductMappingStore>(
  ProductMappingStore,
  ProductGrid,
  DEFAULT_HEIGHT_IN_PX,
) {}
