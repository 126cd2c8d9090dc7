/**
 * AccountMappingGrid: the PCF lifecycle only (shared/lifecycle.ts). Everything else lives in
 * controller.ts (glue) and model/ (pure rules); this file stays the thin shell the platform calls.
 */
import { GridControl } from '../../shared/lifecycle';
import { AccountMappingController } from './controller';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

export class AccountMappingGrid extends GridControl<IInputs, IOutputs> {
  protected createController(
    container: HTMLDivElement,
    context: ComponentFramework.Context<IInputs>,
  ): AccountMappingController {
    return new AccountMappingController(container, context);
  }
}
