/**
 * The app shell's page: reads the solution's metadata, installs `window.Xrm`, loads the ribbon web
 * resources exactly as built for the solution (`/WebResources/<name>`), and routes between the
 * dashboard it opens on (`#/dashboard/<key>`), lists (`#/list/<table>`) and forms
 * (`#/form/<table>/<id>`) from a site map like the model-driven app's. Leaving a form with unsaved
 * changes asks first, in the page and (closing or reloading the tab) through the browser.
 */
import { ShellStrings } from '../strings';
import type { AppMeta } from '../shared/metadata';
import { WebApiClient } from './api';
import { clear, h } from './dom';
import { renderDashboard } from './dashboard-page';
import { confirmDialog } from './dialogs';
import { renderForm } from './form-page';
import { renderList } from './list-page';
import { dashboardHash, formHash, listHash, type Shell } from './shell';
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
  if (meta.dashboards.length)
    nav.append(
      h('h2', {}, [ShellStrings.dashboards]),
      h(
        'ul',
        {},
        meta.dashboards.map((d) =>
          h('li', {}, [h('a', { href: dashboardHash(d.key), 'data-dashboard': d.key }, [d.name])]),
        ),
      ),
    );
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

function markCurrent(nav: HTMLElement, current: { table?: string; dashboard?: string }): void {
  for (const a of Array.from(nav.querySelectorAll('a[data-table], a[data-dashboard]'))) {
    const here =
      (!!current.table && a.getAttribute('data-table') === current.table) ||
      (!!current.dashboard && a.getAttribute('data-dashboard') === current.dashboard);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function boot(): Promise<void> {
  const main = document.getElementById('main') as HTMLElement;
  const nav = document.getElementById('sitemap') as HTMLElement;
  main.append(h('p', {}, [ShellStrings.loading]));
  const meta = (await (await fetch('/app-shell/metadata.json')).json()) as AppMeta;
  const api = new WebApiClient();
  let leaveGuard: (() => string | undefined) | undefined;
  const shell: Shell = {
    meta,
    api,
    main,
    xrm: createXrm(meta, api, (table, id) => (location.hash = formHash(table, id))),
    openRecord: (table, id) => (location.hash = formHash(table, id)),
    openList: (table) => (location.hash = listHash(table)),
    setLeaveGuard: (guard) => (leaveGuard = guard),
  };
  // Closing or reloading the tab with unsaved changes: the browser's own prompt (its text is its own).
  window.addEventListener('beforeunload', (e) => {
    if (leaveGuard?.()) e.preventDefault();
  });
  // The scripts read the global `Xrm` when a command runs, as in Dynamics.
  // @types/xrm already declares `window.Xrm` as the full XrmStatic; the shell offers the part scripts use.
  (window as unknown as { Xrm: ShellXrm }).Xrm = shell.xrm;
  await Promise.all(meta.webResources.map((name) => loadScript(`/WebResources/${name}`)));
  siteMap(meta, nav);

  const route = async () => {
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    document.body.setAttribute('data-ready', 'false');
    shell.setLeaveGuard(undefined);
    if (parts[0] === 'form' && parts[1] && parts[2]) {
      markCurrent(nav, { table: parts[1] });
      await renderForm(shell, parts[1], parts[2].toLowerCase());
    } else if (parts[0] === 'list' && parts[1]) {
      markCurrent(nav, { table: parts[1] });
      await renderList(shell, parts[1]);
    } else {
      // The app opens on its dashboard, as a model-driven app with a default dashboard does.
      const key = parts[0] === 'dashboard' ? parts[1] : meta.dashboards[0]?.key;
      markCurrent(nav, { dashboard: key });
      await renderDashboard(shell, key);
    }
    document.body.setAttribute('data-route', location.hash || dashboardHash(meta.dashboards[0]?.key ?? ''));
    document.body.setAttribute('data-ready', 'true');
  };
  // The hash the page shows now; a navigation away from a dirty form is put back until the person decides.
  let shownHash = location.hash;
  let restoring = false;
  window.addEventListener('hashchange', () => {
    if (restoring) {
      restoring = false;
      return;
    }
    const wanted = location.hash;
    const dirty = leaveGuard?.();
    if (!dirty) {
      shownHash = wanted;
      void route();
      return;
    }
    restoring = true;
    location.hash = shownHash;
    void confirmDialog(
      ShellStrings.unsavedTitle,
      ShellStrings.unsavedText(dirty),
      ShellStrings.leave,
      ShellStrings.stay,
    ).then((leave) => {
      if (!leave) return;
      shell.setLeaveGuard(undefined);
      location.hash = wanted;
    });
  });
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
