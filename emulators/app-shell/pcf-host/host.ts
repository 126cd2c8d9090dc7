/// <reference types="powerapps-component-framework" />
/**
 * The local PCF host: runs a built PCF control (pcf-controls/<Control>/out/controls/<Control>/) in a
 * page of the app shell or a test, against the Dataverse emulator through a same-origin Web API
 * proxy. It does what the platform does for a dataset control on a form subgrid: reads the control's
 * manifest, loads the platform libraries it declares (React, Fluent: platform.ts), its bundle and
 * strings, builds the dataset from the form's subgrid definition (solution/ui) and calls init /
 * updateView / destroy. A virtual control's updateView returns a React element, which the host renders
 * with the platform's ReactDOM; a standard control gets a container.
 *
 *   <div data-w365-pcf="AccountMappingGrid" data-provider-id="<guid>"></div>
 *   window.W365PcfHost.mount(element)   // resolves to { control, refresh(), unmount() }
 *
 * Options (data attributes): data-pcf-base (default `/pcf/`, serving `<Control>/ControlManifest.xml`,
 * bundle.js, css, strings), data-platform-base (default `/pcf-host/platform/`), data-api-base (default
 * `/api/data/v9.2`) and data-theme (`dark` for Fluent's dark web theme; the form's theme otherwise).
 */
import { HostDataSet } from './dataset';
import { parseManifest, parseResx, type ControlManifestInfo } from './manifest';
import { loadPlatformLibraries, servedLibraries, type PlatformGlobals } from './platform';

/**
 * What reads the solution's schema and forms (the dataset binding, the Web API's entity sets, the
 * context): loaded on first mount, not with host.js, so that evaluating the schema (a few hundred ms
 * on a slow machine) overlaps the manifest's and libraries.json's download instead of delaying them.
 */
const schemaBound = () => Promise.all([import('./bindings'), import('./context'), import('./webapi')]);

type AnyControl = ComponentFramework.StandardControl<Record<string, unknown>, Record<string, unknown>>;
type ControlCtor = new () => AnyControl;

export interface MountedControl {
  readonly name: string;
  readonly control: AnyControl;
  /** Reload the dataset from the server (what the platform does after the form saves). */
  refresh(): void;
  /** What the control last saved with mode.setControlState (a virtual grid keeps its unsaved edits there). */
  controlState(): ComponentFramework.Dictionary;
  unmount(): void;
}

interface PcfWindow {
  ComponentFramework?: { registerControl?: (name: string, ctor: ControlCtor) => void };
  W365PcfHost?: { mount(element: HTMLElement): Promise<MountedControl>; version: string };
}

const w = window as unknown as PcfWindow;
const registered = new Map<string, ControlCtor>();

// pcf-scripts' bundle calls ComponentFramework.registerControl('<namespace>.<constructor>', ctor) when it exists.
w.ComponentFramework = w.ComponentFramework ?? {};
w.ComponentFramework.registerControl = (name, ctor) => {
  registered.set(name, ctor);
};

async function text(url: string): Promise<string> {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`PCF_HOST_FETCH_FAILED: ${url} answered ${r.status}.`);
  return r.text();
}

/**
 * A control's manifest and strings, read once per page: [I] the platform keeps them in the app's
 * metadata cache for the session, so a form opened again inside a running app does not read them
 * again. A failed read is not kept (the next mount tries again).
 */
const metadata = new Map<string, Promise<string>>();
function metadataText(url: string): Promise<string> {
  let p = metadata.get(url);
  if (!p) {
    p = text(url);
    metadata.set(url, p);
    p.catch(() => metadata.delete(url));
  }
  return p;
}

function loadCss(href: string): void {
  if (document.querySelector(`link[data-w365-pcf-css="${href}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.setAttribute('data-w365-pcf-css', href);
  document.head.append(link);
}

/** The platform keeps setControlState for the session, per control instance: here per control and record. */
const stateKey = (name: string, recordId: string) => `w365-pcf-state:${name}:${recordId}`;

function readState(key: string): ComponentFramework.Dictionary {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? '{}') as ComponentFramework.Dictionary;
  } catch {
    return {};
  }
}

/** context.fluentDesignLanguage from the Fluent the page loaded: the web light theme, or dark on request. */
function designLanguage(
  platform: PlatformGlobals,
  element: HTMLElement,
): ComponentFramework.FluentDesignState | undefined {
  if (!platform.Fluent) return undefined;
  const dark = element.closest('[data-theme]')?.getAttribute('data-theme') === 'dark';
  return {
    tokenTheme: platform.Fluent[dark ? 'webDarkTheme' : 'webLightTheme'] as ComponentFramework.Theme,
    // [I] Dynamics passes its brand ramp; our controls read only tokenTheme and isDarkTheme.
    brand: {} as ComponentFramework.BrandVariants,
    isDarkTheme: dark,
  };
}

const platformBaseOf = (element: HTMLElement) =>
  (element.dataset.platformBase ?? '/pcf-host/platform/').replace(/\/?$/, '/');

/** The control's strings, styles, platform libraries and bundle, fetched at once; its constructor. */
async function loadControl(base: string, element: HTMLElement, manifest: ControlManifestInfo) {
  const strings: Record<string, string> = {};
  const resx = Promise.all(manifest.resxPaths.map((r) => metadataText(`${base}${r}`)));
  for (const css of manifest.cssPaths) loadCss(`${base}${css}`);
  const platform = await loadPlatformLibraries(manifest.platformLibraries, platformBaseOf(element), [
    `${base}${manifest.codePath}`,
  ]);
  for (const r of await resx) Object.assign(strings, parseResx(r));
  const ctor = registered.get(`${manifest.namespace}.${manifest.constructorName}`);
  if (!ctor)
    throw new Error(
      `PCF_HOST_NOT_REGISTERED: ${base}${manifest.codePath} did not register ${manifest.namespace}.${manifest.constructorName}.`,
    );
  if (manifest.controlType === 'virtual' && !platform.ReactDOM)
    throw new Error(`PCF_HOST_NO_PLATFORM_LIBRARY: ${manifest.constructorName} is a virtual control without React.`);
  return { strings, platform, ctor };
}

/** Renders the control: into its container (standard) or, for a virtual control, the element it returns. */
function renderer(
  manifest: ControlManifestInfo,
  platform: PlatformGlobals,
  control: AnyControl,
  container: HTMLDivElement,
) {
  return (context: ComponentFramework.Context<Record<string, unknown>>) => {
    const element = control.updateView(context) as unknown;
    if (manifest.controlType === 'virtual') platform.ReactDOM?.render(element, container);
  };
}

export async function mount(element: HTMLElement): Promise<MountedControl> {
  const name = element.dataset.w365Pcf;
  const parentId = (element.dataset.providerId ?? element.dataset.recordId ?? '').replace(/[{}]/g, '').toLowerCase();
  if (!name) throw new Error('PCF_HOST_NO_CONTROL: the element has no data-w365-pcf attribute.');
  if (!/^[0-9a-f-]{36}$/.test(parentId))
    throw new Error('PCF_HOST_NO_RECORD: data-provider-id must be the GUID of the form record.');
  const base = `${(element.dataset.pcfBase ?? '/pcf/').replace(/\/?$/, '/')}${name}/`;
  void servedLibraries(platformBaseOf(element)).catch(() => undefined); // asked again (and reported) below
  const manifestText = metadataText(`${base}ControlManifest.xml`);
  manifestText.catch(() => undefined); // awaited (and reported) below
  const [{ bindingFor }, { createContext }, { HostWebApi }] = await schemaBound();
  const api = new HostWebApi(element.dataset.apiBase ?? '/api/data/v9.2');
  const manifest = parseManifest(await manifestText);
  const binding = bindingFor(manifest.constructorName);
  const parameters: Record<string, unknown> = {};
  const key = stateKey(manifest.constructorName, parentId);
  let alive = true;
  let scheduled: number | undefined;
  let changed = new Set<string>();
  let initialised = false;
  const render = (names: string[]) => {
    names.forEach((n) => changed.add(n));
    if (scheduled !== undefined || !alive || !initialised) return;
    // Coalesce bursts (a page load and a resize) into one updateView, as the platform does.
    scheduled = window.setTimeout(() => {
      scheduled = undefined;
      if (!alive) return;
      host.setUpdated([...changed]);
      changed = new Set();
      draw(host.context);
    }, 0);
  };
  let dataset: HostDataSet | undefined;
  if (manifest.dataSetName) {
    dataset = new HostDataSet(manifest.dataSetName, binding, parentId, api, () =>
      render([manifest.dataSetName as string, 'dataset']),
    );
    parameters[manifest.dataSetName] = dataset;
    // The platform reads the view's first page while the control's code loads, not after its init.
    void dataset.load(true);
  }
  const { strings, platform, ctor } = await loadControl(base, element, manifest);
  const control = new ctor();
  const container = document.createElement('div');
  container.className = 'w365-pcf-container';
  element.replaceChildren(container);
  const host = createContext({
    element: container,
    parameters,
    webAPI: api,
    strings,
    label: binding.view.name,
    parent: { id: parentId, logicalName: binding.parentTable.logicalName },
    requestRender: render,
    saveState: (state) => sessionStorage.setItem(key, JSON.stringify(state)),
    fluentDesignLanguage: designLanguage(platform, element),
  });
  const draw = renderer(manifest, platform, control, container);
  const virtual = manifest.controlType === 'virtual';
  // What is the control's own share of the first screen, and what the page's (the libraries): the
  // grid benchmark reads this mark.
  performance.mark('w365-pcf-init');
  control.init(host.context, () => undefined, readState(key), virtual ? undefined : container);
  initialised = true;
  host.setUpdated([...changed, 'dataset']);
  changed = new Set();
  draw(host.context);
  // The control's first view rendered (updateView and React's commit, synchronous): the rest of its
  // share of the first screen is the browser's style, layout and paint.
  performance.mark('w365-pcf-first-view');
  return {
    name: manifest.constructorName,
    control,
    refresh: () => dataset?.refresh(),
    controlState: () => readState(key),
    unmount() {
      alive = false;
      if (scheduled !== undefined) window.clearTimeout(scheduled);
      host.dispose();
      if (virtual) platform.ReactDOM?.unmountComponentAtNode(container);
      control.destroy();
      element.replaceChildren();
    },
  };
}

w.W365PcfHost = { mount, version: '2' };
