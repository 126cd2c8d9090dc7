/// <reference types="powerapps-component-framework" />
/**
 * The parts of ComponentFramework.Context the local host provides, enough for our dataset controls:
 * parameters, webAPI, resources (the control's .resx), mode (size, tracking resizes, the form's
 * record, setControlState), navigation (openForm raises an event the app shell handles), formatting,
 * userSettings, client, utils, factory and, for a control that loads Fluent, fluentDesignLanguage
 * (the form's theme). What a control could call but the host lacks rejects with a message
 * naming it, rather than pretending to succeed.
 */
import { tableByLogicalName } from '../../../solution/schema';
import type { HostWebApi } from './webapi';

export interface ContextInputs {
  readonly element: HTMLElement;
  readonly parameters: Record<string, unknown>;
  readonly webAPI: HostWebApi;
  readonly strings: Readonly<Record<string, string>>;
  readonly label: string;
  readonly parent: { readonly id: string; readonly logicalName: string };
  /** Ask the host to run updateView again (factory.requestRender, a resize). */
  readonly requestRender: (changed: string[]) => void;
  /** mode.setControlState: the host keeps it for the session and hands it to the next init. */
  readonly saveState: (state: ComponentFramework.Dictionary) => void;
  /** The form's Fluent v9 theme (context.fluentDesignLanguage), when the control loads Fluent. */
  readonly fluentDesignLanguage?: ComponentFramework.FluentDesignState;
}

const notHere = (what: string) => () =>
  Promise.reject(new Error(`PCF_HOST_UNSUPPORTED: ${what} is not available in the local PCF host.`));

export interface HostContext {
  readonly context: ComponentFramework.Context<Record<string, unknown>>;
  setUpdated(names: string[]): void;
  dispose(): void;
}

export function createContext(inputs: ContextInputs): HostContext {
  const { element } = inputs;
  let observer: ResizeObserver | undefined;
  const mode = {
    allocatedHeight: -1,
    allocatedWidth: element.clientWidth || -1,
    isControlDisabled: false,
    isVisible: true,
    label: inputs.label,
    // Model-driven apps expose the form's record here; the host fills it from data-provider-id.
    contextInfo: { entityId: inputs.parent.id, entityTypeName: inputs.parent.logicalName, entityRecordName: '' },
    setControlState(state: ComponentFramework.Dictionary) {
      inputs.saveState(state);
      return true;
    },
    setFullScreen: () => undefined,
    trackContainerResize(value: boolean) {
      observer?.disconnect();
      observer = undefined;
      if (!value || typeof ResizeObserver === 'undefined') return;
      observer = new ResizeObserver(() => {
        if (element.clientWidth === mode.allocatedWidth) return;
        mode.allocatedWidth = element.clientWidth;
        inputs.requestRender(['layout']);
      });
      observer.observe(element);
    },
  };
  // One formatter per precision: making an Intl.NumberFormat costs far more than formatting with it,
  // and a grid formats its counts on every render.
  const formatters = new Map<number, Intl.NumberFormat>();
  const number = (value: number, precision = 2) => {
    let f = formatters.get(precision);
    if (!f) {
      f = new Intl.NumberFormat('en-US', { minimumFractionDigits: precision, maximumFractionDigits: precision });
      formatters.set(precision, f);
    }
    return f.format(value);
  };
  const context = {
    parameters: inputs.parameters,
    updatedProperties: [] as string[],
    webAPI: inputs.webAPI,
    mode,
    resources: {
      getString: (id: string) => inputs.strings[id] ?? id,
      getResource: (_id: string, _ok: (data: string) => void, failure: () => void) => failure(),
    },
    navigation: {
      openForm(options: ComponentFramework.NavigationApi.EntityFormOptions) {
        element.dispatchEvent(new CustomEvent('w365:openform', { detail: options, bubbles: true }));
        return Promise.resolve({ savedEntityReference: [] });
      },
      openUrl: (url: string) => void window.open(url, '_blank', 'noopener'),
      openAlertDialog: notHere('navigation.openAlertDialog'),
      openConfirmDialog: notHere('navigation.openConfirmDialog'),
      openErrorDialog: notHere('navigation.openErrorDialog'),
      openFile: notHere('navigation.openFile'),
      openWebResource: () => undefined,
    },
    formatting: {
      formatCurrency: (value: number, precision?: number, symbol?: string) =>
        `${symbol ?? ''}${number(value, precision ?? 2)}`,
      formatDecimal: (value: number, precision?: number) => number(value, precision ?? 2),
      formatInteger: (value: number) => number(value, 0),
      formatLanguage: (value: number) => String(value),
      formatDateShort: (value: Date) => value.toLocaleDateString('en-US'),
      formatTime: (value: Date) => value.toLocaleTimeString('en-US'),
    },
    userSettings: { languageId: 1033, isRTL: false, userId: '', userName: 'Local user', securityRoles: [] as string[] },
    client: {
      getClient: () => 'Web',
      getFormFactor: () => 1,
      isOffline: () => false,
      isNetworkAvailable: () => true,
      disableScroll: false,
    },
    utils: {
      getEntityMetadata(entityName: string) {
        const t = tableByLogicalName(entityName);
        return t
          ? Promise.resolve({
              LogicalName: t.logicalName,
              EntitySetName: t.entitySetName,
              PrimaryIdAttribute: t.primaryIdAttribute,
              PrimaryNameAttribute: t.primaryNameAttribute,
              DisplayName: t.displayName,
            })
          : Promise.reject(new Error(`Unknown entity ${entityName}`));
      },
      hasEntityPrivilege: () => true,
      lookupObjects: notHere('utils.lookupObjects'),
    },
    factory: { requestRender: () => inputs.requestRender([]), getPopupService: () => undefined },
    device: {},
    fluentDesignLanguage: inputs.fluentDesignLanguage,
    accessibility: { _customControlProperties: {}, assignedTabIndex: 0 },
  };
  return {
    context: context as unknown as ComponentFramework.Context<Record<string, unknown>>,
    setUpdated(names: string[]) {
      context.updatedProperties = names;
    },
    dispose() {
      observer?.disconnect();
    },
  };
}
