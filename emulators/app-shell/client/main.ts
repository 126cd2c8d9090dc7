/**
 * The app shell's page: reads the solution's metadata, installs `window.Xrm`, loads the ribbon web
 * resources exactly as built for the solution (`/WebResources/<name>`), and routes between lists
 * (`#/list/<table>`) and forms (`#/form/<table>/<id>`) from a site map like the model-driven app's.
 */
import { ShellStrings } from '../strings';
import type { AppMeta } from '../shared/metadata';
import { WebApiClient } from './api';
import { clear, h } from './dom';
import { renderForm } from './form-page';
import { renderList } from './list-page';
import { formHash, listHash, type Shell } from './shell';
import { createXrm, type ShellXrm } from './xrm';

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = h('script', { src });
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`${src} could not be loaded`)));
    document.head.append(script);
  });
}

function siteMap(meta: AppMeta, nav: HTMLElement): void {
  clear(nav);
  for (const area of meta.areas) {
    nav.append(
      h('h2', {}, [area.title]),
      h(
        'ul',
        {},
        area.items.map((i) => h('li', {}, [h('a', { href: listHash(i.table), 'data-table': i.table }, [i.title])])),
      ),
    );
  }
}

function markCurrent(nav: HTMLElement, table: string | undefined): void {
  for (const a of Array.from(nav.querySelectorAll('a[data-table]'))) {
    if (a.getAttribute('data-table') === table) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function boot(): Promise<void> {
  const main = document.getElementById('main') as HTMLElement;
  const nav = document.getElementById('sitemap') as HTMLElement;
  main.append(h('p', {}, [ShellStrings.loading]));
  const meta = (await (await fetch('/app-shell/metadata.json')).json()) as AppMeta;
  const api = new WebApiClient();
  const shell: Shell = {
    meta,
    api,
    main,
    xrm: createXrm(meta, api, (table, id) => (location.hash = formHash(table, id))),
    openRecord: (table, id) => (location.hash = formHash(table, id)),
    openList: (table) => (location.hash = listHash(table)),
  };
  // The scripts read the global `Xrm` when a command runs, as in Dynamics.
  // @types/xrm already declares `window.Xrm` as the full XrmStatic; the shell offers the part scripts use.
  (window as unknown as { Xrm: ShellXrm }).Xrm = shell.xrm;
  await Promise.all(meta.webResources.map((name) => loadScript(`/WebResources/${name}`)));
  siteMap(meta, nav);

  const route = async () => {
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    const defaultTable = meta.areas[0]?.items[0]?.table ?? '';
    if (parts[0] === 'form' && parts[1] && parts[2]) {
      markCurrent(nav, parts[1]);
      await renderForm(shell, parts[1], parts[2].toLowerCase());
    } else {
      const table = parts[0] === 'list' && parts[1] ? parts[1] : defaultTable;
      markCurrent(nav, table);
      await renderList(shell, table);
    }
    document.body.setAttribute('data-route', location.hash || listHash(defaultTable));
  };
  window.addEventListener('hashchange', () => void route());
  await route();
  document.body.setAttribute('data-ready', 'true');
}

void boot().catch((err: unknown) => {
  const main = document.getElementById('main');
  if (main) {
    clear(main);
    main.append(h('p', { role: 'alert' }, [ShellStrings.loadFailed(err instanceof Error ? err.message : String(err))]));
  }
});
