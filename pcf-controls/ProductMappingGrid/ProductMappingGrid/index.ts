/**
 * ProductMappingGrid: the PCF lifecycle only; controller.ts does the work, model/ holds the rules.
 */
import { ProductMappingController } from './controller';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

export class ProductMappingGrid implements ComponentFramework.StandardControl<IInputs, IOutputs> {
  private controller: ProductMappingController | undefined;

  public init(context: ComponentFramework.Context<IInputs>, _notifyOutputChanged: () => void, _state: ComponentFramework.Dictionary, container: HTMLDivElement): void {
    this.controller = new ProductMappingController(container, context);
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
