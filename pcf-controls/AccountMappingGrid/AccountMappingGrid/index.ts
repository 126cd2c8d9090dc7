/**
 * AccountMappingGrid: the manifest's constructor, the PCF lifecycle only (shared/react/control.ts).
 * The rules are in model/ (pure), what the grid holds and does in store.ts, what it shows in view/.
 */
import { gridControl } from '../../shared/react/control';
import type { IInputs, IOutputs } from './generated/ManifestTypes';
import { DEFAULT_HEIGHT_IN_PX } from './ManifestConstants';
import { AccountMappingStore } from './store';
import { AccountGrid } from './view/grid';

/** The class the platform constructs (the manifest's `constructor`). */
export class AccountMappingGrid extends gridControl<IInputs, IOutputs, AccountMappingStore>(
  AccountMappingStore,
  AccountGrid,
  DEFAULT_HEIGHT_IN_PX,
) {}
