/// <reference types="powerapps-component-framework" />
/**
 * The local PCF host: runs a built PCF control (pcf-controls/<Control>/out/controls/<Control>/) in a
 * page of the app shell or a test, against the Dataverse emulator through a same-origin Web API
 * proxy. It does what the platform does for a dataset control on a form subgrid: reads the control's
 * manifest, loads its bundle and strings, builds the dataset from the form's subgrid definition
 * (solution/ui) and calls init / updateView / destroy.
 *
 *   <div data-w365-pcf="AccountMappingGrid" data-provider-id="<guid>"></div>
 *   window.W365PcfHost.mount(element)   // resolves to { control, unmount() }
 *
 * Options (data attributes): data-pcf-base (default `/pcf/`, serving `<Control>/ControlManifest.xml`,
 * bundle.js, css, strings) and data-api-base (default `/api/data/v9.2`).
 */
import { bindingFor } from './bindings';
import { createContext } from './context';
import { HostDataSet } from './dataset';
import { parseManifest, parseResx } from './manifest';
import { HostWebApi } from './webapi';

type ControlCtor = new () => ComponentFramework.StandardControl<Record<string, unknown>, Record<string, unknown>>;

export interface MountedControl {
  readonly name: string;
  readonly control: ComponentFramework.StandardControl<Record<string, unknown>, Record<string, unknown>>;
  /** Reload the dataset from the server (what the platform does after the form saves). */
  refresh(): void;
  unmount(): void;
}

interface PcfWindow {
  ComponentFramework?: { registerControl?: (name: string, ctor: ControlCtor) => void };
  W365PcfHost?: { mount(element: HTMLElement): Promise<MountedControl>; version: string };
}

const w = window as unknown as PcfWindow;
const registered = new Map<string, ControlCtor>();
const loading = new Map<string, Promise<void>>();

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

function loadScript(src: string): Promise<void> {
  const existing = loading.get(src);
  if (existing) return existing;
  const p = new Promise<void>((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`PCF_HOST_FETCH_FAILED: could not load ${src}.`));
    document.head.append(s);
  });
  loading.set(src, p);
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

export async function mount(element: HTMLElement): Promise<MountedControl> {
  const name = element.dataset.w365Pcf;
  const parentId = (element.dataset.providerId ?? element.dataset.recordId ?? '').replace(/[{}]/g, '').toLowerCase();
  if (!name) throw new Error('PCF_HOST_NO_CONTROL: the element has no data-w365-pcf attribute.');
  if (!/^[0-9a-f-]{36}$/.test(parentId))
    throw new Error('PCF_HOST_NO_RECORD: data-provider-id must be the GUID of the form record.');
  const base = `${(element.dataset.pcfBase ?? '/pcf/').replace(/\/?$/, '/')}${name}/`;
  const api = new HostWebApi(element.dataset.apiBase ?? '/api/data/v9.2');
  const manifest = parseManifest(await text(`${base}ControlManifest.xml`));
  const strings: Record<string, string> = {};
  for (const resx of manifest.resxPaths) Object.assign(strings, parseResx(await text(`${base}${resx}`)));
  for (const css of manifest.cssPaths) loadCss(`${base}${css}`);
  await loadScript(`${base}${manifest.codePath}`);
  const ctor = registered.get(`${manifest.namespace}.${manifest.constructorName}`);
  if (!ctor)
    throw new Error(
      `PCF_HOST_NOT_REGISTERED: ${base}${manifest.codePath} did not register ${manifest.namespace}.${manifest.constructorName}.`,
    );

  const binding = bindingFor(manifest.constructorName);
  const parameters: Record<string, unknown> = {};
  const control = new ctor();
  let alive = true;
  let scheduled: number | undefined;
  let changed = new Set<string>();
  const render = (names: string[]) => {
    names.forEach((n) => changed.add(n));
    if (scheduled !== undefined || !alive) return;
    // Coalesce bursts (a page load and a resize) into one updateView, as the platform does.
    scheduled = window.setTimeout(() => {
      scheduled = undefined;
      if (!alive) return;
      host.setUpdated([...changed]);
      changed = new Set();
      control.updateView(host.context);
    }, 0);
  };
  let dataset: HostDataSet | undefined;
  if (manifest.dataSetName) {
    dataset = new HostDataSet(manifest.dataSetName, binding, parentId, api, () =>
      render([manifest.dataSetName as string, 'dataset']),
    );
    parameters[manifest.dataSetName] = dataset;
  }
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
  });
  control.init(host.context, () => undefined, {}, container);
  host.setUpdated(['dataset']);
  control.updateView(host.context);
  void dataset?.load(true);
  return {
    name: manifest.constructorName,
    control,
    refresh: () => dataset?.refresh(),
    unmount() {
      alive = false;
      if (scheduled !== undefined) window.clearTimeout(scheduled);
      host.dispose();
      control.destroy();
      element.replaceChildren();
    },
  };
}

w.W365PcfHost = { mount, version: '1' };
