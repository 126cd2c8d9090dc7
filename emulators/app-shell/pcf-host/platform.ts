/**
 * The platform libraries in the local host, as Dynamics provides them to a virtual (React) control:
 * for each `<platform-library>` of the manifest, the script that sets its global (built from
 * node_modules by pcf-controls/build/platform-libraries.ts, served beside this host), loaded once per
 * page and before the control's bundle. A manifest asking for a version the host does not serve fails
 * with the library named, as an import into an environment without it would.
 */
import type { PlatformLibrary } from '../../../pcf-controls/build/platform-libraries';
import { inRange } from '../../../pcf-controls/build/versions';
import type { PlatformLibraryRef } from './manifest';

/** An entry of platform/libraries.json, as the build writes it. */
export type ServedLibrary = PlatformLibrary;

/** What the host itself needs of the libraries: ReactDOM to render a virtual control, Fluent's themes. */
export interface PlatformGlobals {
  readonly React?: { createElement: (...args: unknown[]) => unknown };
  readonly ReactDOM?: {
    render(element: unknown, container: Element): void;
    unmountComponentAtNode(container: Element): boolean;
  };
  readonly Fluent?: Readonly<Record<string, unknown>>;
}

let served: Promise<readonly ServedLibrary[]> | undefined;
const scripts = new Map<string, Promise<void>>();

/**
 * Adds a script once per page. Not async: scripts added together download in parallel but run in the
 * order they were added (the libraries before the bundle that uses their globals).
 */
export function loadScript(src: string): Promise<void> {
  let p = scripts.get(src);
  if (!p) {
    p = new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.async = false;
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`PCF_HOST_FETCH_FAILED: could not load ${src}.`));
      document.head.append(s);
    });
    scripts.set(src, p);
  }
  return p;
}

/** What this host serves (libraries.json), asked once per page; call early to have it by the manifest's turn. */
export async function servedLibraries(base: string): Promise<readonly ServedLibrary[]> {
  served ??= fetch(`${base}libraries.json`, { credentials: 'same-origin' }).then(async (r) => {
    if (!r.ok) throw new Error(`PCF_HOST_FETCH_FAILED: ${base}libraries.json answered ${r.status}.`);
    return (await r.json()) as ServedLibrary[];
  });
  return served;
}

const globalOf = (name: string | undefined): unknown =>
  name ? (window as unknown as Record<string, unknown>)[name] : undefined;

/**
 * Load what the manifest asks for (in the served order: React before Fluent), then the scripts in
 * `after` (the control's bundle, which needs their globals), all downloading at once; return the globals.
 */
export async function loadPlatformLibraries(
  wanted: readonly PlatformLibraryRef[],
  base: string,
  after: readonly string[] = [],
): Promise<PlatformGlobals> {
  if (wanted.length === 0) {
    await Promise.all(after.map(loadScript));
    return {};
  }
  const libraries = await servedLibraries(base);
  const chosen: ServedLibrary[] = [];
  for (const w of wanted) {
    const lib = libraries.find((l) => l.name.toLowerCase() === w.name.toLowerCase() && inRange(w.version, l));
    if (!lib)
      throw new Error(
        `PCF_HOST_NO_PLATFORM_LIBRARY: the control asks for platform library ${w.name} ${w.version}; this host serves ${libraries.map((l) => `${l.name} ${l.minVersion}-${l.maxVersion}`).join(', ')}.`,
      );
    chosen.push(lib);
  }
  // Versioned URLs, as the platform's CDN's: the servers cache a library asked for with its version.
  const url = (l: ServedLibrary) => `${base}${l.file}${l.contentVersion ? `?v=${l.contentVersion}` : ''}`;
  const files = [...libraries.filter((l) => chosen.includes(l)).map(url), ...after];
  await Promise.all(files.map(loadScript));
  const react = chosen.find((l) => l.name === 'React');
  const fluent = chosen.find((l) => l.name === 'Fluent');
  return {
    React: globalOf(react?.global) as PlatformGlobals['React'],
    ReactDOM: globalOf(react?.domGlobal) as PlatformGlobals['ReactDOM'],
    Fluent: globalOf(fluent?.global) as PlatformGlobals['Fluent'],
  };
}
