/**
 * AccountMappingGrid: the PCF lifecycle only. Everything else lives in controller.ts (glue) and
 * model/ (pure rules); this file stays the thin shell the platform calls.
 */
import { AccountMappingController } from './controller';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

export class AccountMappingGrid implements ComponentFramework.StandardControl<IInputs, IOutputs> {
  private controller: AccountMappingController | undefined;

  public init(context: ComponentFramework.Context<IInputs>, _notifyOutputChanged: () => void, _state: ComponentFramework.Dictionary, container: HTMLDivElement): void {
    this.controller = new AccountMappingController(container, context);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): void {
    this.controller?.update(context);
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    this.controller?.destroy();
    this.controller = undefined;
  }
}
