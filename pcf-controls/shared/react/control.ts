/**
 * The PCF lifecycle of a mapping grid, a virtual (React) control: the platform constructs the class a
 * control's index.ts exports (the manifest's constructor) and calls init / updateView / destroy; the
 * store (grid-store.ts) is made at init with the control state the platform kept, takes every
 * updateView's context, and the element updateView returns is the control's view over that store.
 */
import { createElement, type ComponentType, type ReactElement } from 'react';

export interface GridStoreLike<I> {
  update(context: ComponentFramework.Context<I>): void;
  destroy(): void;
}

export abstract class MappingGridControl<I, O, S extends GridStoreLike<I>> implements ComponentFramework.ReactControl<
  I,
  O
> {
  private store: S | undefined;

  protected abstract createStore(
    context: ComponentFramework.Context<I>,
    state: ComponentFramework.Dictionary | undefined,
  ): S;
  protected abstract view(store: S, context: ComponentFramework.Context<I>): ReactElement;

  public init(
    context: ComponentFramework.Context<I>,
    _notifyOutputChanged?: () => void,
    state?: ComponentFramework.Dictionary,
  ): void {
    this.store = this.createStore(context, state);
    // updateView again when the form resizes the control (allocatedWidth / allocatedHeight).
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<I>): ReactElement {
    const store = this.store ?? (this.store = this.createStore(context, undefined));
    store.update(context);
    return this.view(store, context);
  }

  public getOutputs(): O {
    // The grids have no bound outputs (their manifests declare none: IOutputs is empty); they write
    // through context.webAPI.
    return {} as O;
  }

  public destroy(): void {
    this.store?.destroy();
    this.store = undefined;
  }
}

/**
 * A grid control class from its store and its view: what each control's index.ts exports as the
 * manifest's constructor.
 */
export function gridControl<I, O, S extends GridStoreLike<I>>(
  Store: new (context: ComponentFramework.Context<I>, state: ComponentFramework.Dictionary | undefined) => S,
  View: ComponentType<{ readonly store: S; readonly heightInPx: number }>,
  defaultHeightInPx: number,
): new () => ComponentFramework.ReactControl<I, O> {
  return class extends MappingGridControl<I, O, S> {
    protected createStore(context: ComponentFramework.Context<I>, state: ComponentFramework.Dictionary | undefined): S {
      return new Store(context, state);
    }

    protected view(store: S, context: ComponentFramework.Context<I>): ReactElement {
      const allocated = context.mode.allocatedHeight;
      return createElement(View, { store, heightInPx: allocated > 0 ? allocated : defaultHeightInPx });
    }
  };
}
