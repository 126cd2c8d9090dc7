/**
 * The accessibility check of the grids' browser tests: axe-core (from node_modules, injected into the
 * page) over the control, failing on every serious or critical violation with what and where.
 */
import type { Page } from 'playwright-core';

interface AxeResult {
  readonly violations: readonly {
    readonly id: string;
    readonly impact: string | null;
    readonly help: string;
    readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
  }[];
}

/**
 * The serious and critical axe violations inside `selector` (default: the whole page), as readable
 * lines. Left out: Fluent's focus sentinels (tabster's "dummy inputs", `<i data-tabster-dummy
 * tabindex="0" aria-hidden="true">` at the edges of arrow-key groups such as tab lists and toolbars):
 * they are never focused for long (tabster moves focus on at once) and carry no content, but axe
 * reads them as focusable hidden content.
 */
export async function axeViolations(page: Page, selector = 'body'): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(
    `axe.run({ include: [[${JSON.stringify(selector)}]], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })`,
  )) as AxeResult;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
    );
}
