/**
 * Reads a built control's ControlManifest.xml and .resx in the browser (DOMParser), as the platform
 * does: the constructor to instantiate, standard or virtual (React), the data-set name, the platform
 * libraries it expects, and the strings for resources.getString.
 */
export interface PlatformLibraryRef {
  readonly name: string;
  readonly version: string;
}

export interface ControlManifestInfo {
  readonly namespace: string;
  readonly constructorName: string;
  /** `virtual`: a React control; updateView returns an element the host renders. */
  readonly controlType: string;
  readonly dataSetName?: string;
  readonly codePath: string;
  readonly cssPaths: readonly string[];
  readonly resxPaths: readonly string[];
  readonly platformLibraries: readonly PlatformLibraryRef[];
}

export function parseManifest(xml: string): ControlManifestInfo {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const control = doc.querySelector('manifest > control');
  if (!control) throw new Error('PCF_HOST_BAD_MANIFEST: no <manifest><control>.');
  const attr = (el: Element | null, name: string) => el?.getAttribute(name) ?? '';
  return {
    namespace: attr(control, 'namespace'),
    constructorName: attr(control, 'constructor'),
    controlType: attr(control, 'control-type') || 'standard',
    dataSetName: control.querySelector('data-set')?.getAttribute('name') ?? undefined,
    codePath: attr(control.querySelector('resources > code'), 'path') || 'bundle.js',
    cssPaths: Array.from(control.querySelectorAll('resources > css')).map((e) => attr(e, 'path')),
    resxPaths: Array.from(control.querySelectorAll('resources > resx')).map((e) => attr(e, 'path')),
    platformLibraries: Array.from(control.querySelectorAll('resources > platform-library')).map((e) => ({
      name: attr(e, 'name'),
      version: attr(e, 'version'),
    })),
  };
}

/** `<data name="K"><value>V</value></data>` -> { K: V }. */
export function parseResx(xml: string): Record<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out: Record<string, string> = {};
  doc.querySelectorAll('root > data').forEach((d) => {
    const name = d.getAttribute('name');
    const value = d.querySelector('value')?.textContent;
    if (name && value !== undefined && value !== null) out[name] = value;
  });
  return out;
}
