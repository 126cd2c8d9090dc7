/**
 * The PCF lifecycle of a mapping grid. The platform constructs the class a control's index.ts exports
 * (the manifest's constructor) and calls init / updateView / getOutputs / destroy on it; each only
 * forwards to the control's controller, so index.ts stays the thin shell the platform calls.
 */

/** What the shell forwards to: the control's controller (see mapping-controller.ts). */
export interface GridController<I> {
  update(context: ComponentFramework.Context<I>): void;
  destroy(): void;
}

export abstract class GridControl<I, O> implements ComponentFramework.StandardControl<I, O> {
  private controller: GridController<I> | undefined;

  /** The control's controller, made once the platform hands over the container. */
  protected abstract createController(
    container: HTMLDivElement,
    context: ComponentFramework.Context<I>,
  ): GridController<I>;

  public init(
    context: ComponentFramework.Context<I>,
    _notifyOutputChanged: () => void,
    _state: ComponentFramework.Dictionary,
    container: HTMLDivElement,
  ): void {
    this.controller = this.createController(container, context);
  }

  public updateView(context: ComponentFramework.Context<I>): void {
    this.controller?.update(context);
  }

  public getOutputs(): O {
    // The grids have no bound outputs (their manifests declare none: IOutputs is empty); they write
    // through context.webAPI.
    return {} as O;
  }

  public destroy(): void {
    this.controller?.destroy();
    this.controller = undefined;
  }
}
