/**
 * ProductMappingGrid: the PCF lifecycle only (shared/lifecycle.ts); controller.ts does the work,
 * model/ holds the rules.
 */
import { GridControl } from '../../shared/lifecycle';
import { ProductMappingController } from './controller';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

export class ProductMappingGrid extends GridControl<IInputs, IOutputs> {
  protected createController(
    container: HTMLDivElement,
    context: ComponentFramework.Context<IInputs>,
  ): ProductMappingController {
    return new ProductMappingController(container, context);
  }
}
