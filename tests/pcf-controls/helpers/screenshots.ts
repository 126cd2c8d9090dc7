/**
 * Screenshots of each grid at 1280 px and 1920 px for the closing note of issue 15, written to
 * docs/screenshots/<name>-<width>.png by the browser tests (so they always show the current grid).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './built';

export const SCREENSHOT_WIDTHS = [1280, 1920] as const;

export async function screenshotAt(page: Page, name: string, width: number, height = 900): Promise<string> {
  await page.setViewportSize({ width, height });
  // A frame for the resize to reach the control (trackContainerResize) and the toolbar's overflow.
  await page.waitForTimeout(300);
  const file = path.join(REPO_ROOT, 'docs', 'screenshots', `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
