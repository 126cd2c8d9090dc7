/**
 * What each built control's browser test starts before its steps: the local PCF host page
 * (emulators/app-shell/pcf-host) against a test harness's Dataverse emulator, as the app shell
 * signs in, and a headless Chromium to load it.
 */
import type { Page } from 'playwright-core';
import type { DataverseEmulator } from '../../../emulators/dataverse';
import { startPcfDevServer, type PcfDevServer } from '../../../emulators/app-shell/pcf-host/dev-server';
import { launchChromium, type Browser } from '../../../scripts/browser/chromium';
import { REPO_ROOT } from './built';

export interface PcfHost {
  readonly server: PcfDevServer;
  readonly browser: Browser;
  /** A new page with `control` mounted for the record `recordId`, once `ready` shows; a page error fails the test. */
  open(control: string, recordId: string, ready: RegExp, query?: string): Promise<Page>;
  /** Close the browser, then the host. */
  close(): Promise<void>;
}

export async function startPcfHost(emulator: DataverseEmulator): Promise<PcfHost> {
  const server = await startPcfDevServer({
    repoRoot: REPO_ROOT,
    webApiUrl: emulator.webApiUrl,
    caPem: emulator.caPem,
    getToken: () => emulator.getToken('w365-app-shell'),
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    async open(control, recordId, ready, query = '') {
      const page = await browser.context.newPage();
      // Fluent's dialogs and popovers fade in; with reduced motion they appear at once, so that
      // axe reads their final colours and a screenshot shows them whole.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      page.on('pageerror', (e) => {
        throw e;
      });
      await page.goto(`${server.url}/pcf-host/index.html?control=${control}&record=${recordId}${query}`);
      await page.getByText(ready).waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
