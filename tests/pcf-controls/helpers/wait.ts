/**
 * Polling assertions for playwright-core locators (playwright-core has no `expect`; @playwright/test
 * is not a dependency). Each waits until the condition holds or fails with what it last saw.
 */
import type { Locator } from 'playwright-core';

export async function until(
  check: () => Promise<boolean>,
  describe: () => Promise<string> | string,
  timeoutInMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutInMs} ms: ${await describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const textOf = (l: Locator) =>
  l
    .first()
    .textContent({ timeout: 200 })
    .catch(() => '<not found>');

export async function visible(l: Locator): Promise<void> {
  await l.first().waitFor({ state: 'visible', timeout: 10_000 });
}

export async function hasText(l: Locator, expected: string | RegExp, exact = false): Promise<void> {
  const ok = (t: string | null) =>
    t !== null &&
    (typeof expected === 'string' ? (exact ? t.trim() === expected : t.includes(expected)) : expected.test(t));
  await until(
    async () => ok(await l.first().textContent({ timeout: 200 })),
    async () => `expected text ${String(expected)}, saw ${JSON.stringify(await textOf(l))}`,
  );
}

export async function focused(l: Locator): Promise<void> {
  await until(
    () => l.first().evaluate((el) => el === document.activeElement, undefined, { timeout: 200 }),
    () => l.page().evaluate(() => `focus is on ${document.activeElement?.outerHTML.slice(0, 200)}`),
  );
}

export async function disabled(l: Locator, expected = true): Promise<void> {
  await until(
    async () => (await l.first().isDisabled({ timeout: 200 })) === expected,
    () => `expected disabled=${expected}`,
  );
}

export async function attribute(l: Locator, name: string, value: string): Promise<void> {
  await until(
    async () => (await l.first().getAttribute(name, { timeout: 200 })) === value,
    async () =>
      `expected ${name}="${value}", saw ${await l
        .first()
        .getAttribute(name)
        .catch(() => null)}`,
  );
}
