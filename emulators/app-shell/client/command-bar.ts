/**
 * A command bar: the page's own buttons (Save, Refresh), then the solution's "Work 365" flyout, whose
 * buttons call the ribbon scripts by FunctionName with the parameters the RibbonDiffXml lists
 * (PrimaryControl, SelectedControlSelectedItemIds, IntParameter), after the enable rules said yes. As
 * in Unified Interface, rules are evaluated when the flyout opens, and a custom rule that has not
 * answered yet (or throws) leaves its button at the rule's Default.
 */
import { ShellStrings } from '../strings';
import type { CommandBarMeta, CommandMeta, EnableRuleMeta, RibbonParameterMeta } from '../shared/metadata';
import { alertDialog } from './dialogs';
import { h } from './dom';

export interface CommandContext {
  /** The form context on a form, the grid control on a list. */
  readonly primaryControl: unknown;
  /** Selected row ids as `{GUID}` (a list; empty on a form). */
  readonly selectedIds: () => string[];
}

export interface StandardButton {
  readonly label: string;
  readonly onClick: () => void | Promise<void>;
  readonly disabled?: () => boolean;
}

type ScriptFunction = (...args: unknown[]) => unknown;

/** `W365.ProviderRibbon.verifyConnectivity` -> the function the web resource put on the page's global. */
function resolveFunction(name: string): ScriptFunction | undefined {
  let target: unknown = window;
  for (const part of name.split('.'))
    target = target && typeof target === 'object' ? (target as Record<string, unknown>)[part] : undefined;
  return typeof target === 'function' ? (target as ScriptFunction) : undefined;
}

function argumentsFor(parameters: readonly RibbonParameterMeta[], ctx: CommandContext): unknown[] {
  return parameters.map((p) => {
    if ('int' in p) return p.int;
    if (p.crm === 'PrimaryControl' || p.crm === 'SelectedControl') return ctx.primaryControl;
    if (p.crm === 'SelectedControlSelectedItemIds') return ctx.selectedIds();
    return undefined;
  });
}

async function ruleAllows(rule: EnableRuleMeta, ctx: CommandContext): Promise<boolean> {
  if (rule.kind === 'selectionCount') {
    const n = ctx.selectedIds().length;
    return (rule.minimum === undefined || n >= rule.minimum) && (rule.maximum === undefined || n <= rule.maximum);
  }
  const fn = resolveFunction(rule.functionName);
  if (!fn) return rule.defaultValue;
  try {
    const result = Boolean(await fn(...argumentsFor(rule.parameters, ctx)));
    return rule.invert ? !result : result;
  } catch {
    return false;
  }
}

export async function commandEnabled(command: CommandMeta, ctx: CommandContext): Promise<boolean> {
  const results = await Promise.all(command.enableRules.map((r) => ruleAllows(r, ctx)));
  return results.every(Boolean);
}

async function runCommand(command: CommandMeta, ctx: CommandContext): Promise<void> {
  const fn = resolveFunction(command.functionName);
  if (!fn) {
    await alertDialog(command.label, ShellStrings.commandFailed(`${command.functionName} is not loaded`));
    return;
  }
  try {
    await fn(...argumentsFor(command.parameters, ctx));
  } catch (err) {
    await alertDialog(command.label, ShellStrings.commandFailed(err instanceof Error ? err.message : String(err)));
  }
}

function flyout(bar: CommandBarMeta, ctx: CommandContext): HTMLElement {
  const menu = h('div', { role: 'menu', class: 'flyout-menu', hidden: true, 'aria-label': bar.label });
  const anchor = h(
    'button',
    { type: 'button', class: 'command flyout', 'aria-haspopup': 'menu', 'aria-expanded': 'false', title: bar.tooltip },
    [`${bar.label} ▾`],
  );
  const wrap = h('div', { class: 'flyout-wrap' }, [anchor, menu]);
  // A click anywhere else closes the menu, as a flyout does.
  const onOutside = (e: Event) => {
    if (!wrap.contains(e.target as Node)) close();
  };
  const close = () => {
    menu.hidden = true;
    anchor.setAttribute('aria-expanded', 'false');
    document.removeEventListener('click', onOutside, true);
  };
  const items = bar.commands.map((command) => {
    const item = h(
      'button',
      {
        type: 'button',
        role: 'menuitem',
        class: 'menu-item',
        title: command.tooltip,
        'aria-disabled': 'true',
        'data-command': command.id,
      },
      [command.label],
    );
    item.addEventListener('click', () => {
      if (item.getAttribute('aria-disabled') === 'true') return;
      close();
      void runCommand(command, ctx);
    });
    return { command, item };
  });
  menu.append(...items.map((i) => i.item));
  anchor.addEventListener('click', () => {
    if (!menu.hidden) return close();
    menu.hidden = false;
    anchor.setAttribute('aria-expanded', 'true');
    document.addEventListener('click', onOutside, true);
    for (const { command, item } of items) {
      const defaults = command.enableRules.every((r) => r.kind !== 'custom' || r.defaultValue);
      item.setAttribute('aria-disabled', String(!defaults));
      void commandEnabled(command, ctx).then((ok) => item.setAttribute('aria-disabled', String(!ok)));
    }
    items[0]?.item.focus();
  });
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      close();
      anchor.focus();
    }
  });
  return wrap;
}

export function commandBar(
  where: string,
  standard: readonly StandardButton[],
  bar: CommandBarMeta | undefined,
  ctx: CommandContext,
): HTMLElement {
  const buttons = standard.map((b) => {
    const el = h('button', { type: 'button', class: 'command' }, [b.label]);
    const sync = () => (el.disabled = b.disabled ? b.disabled() : false);
    sync();
    el.addEventListener('click', () => void b.onClick());
    (el as HTMLButtonElement & { syncState?: () => void }).syncState = sync;
    return el;
  });
  return h('div', { role: 'toolbar', class: 'command-bar', 'aria-label': ShellStrings.commandBarLabel(where) }, [
    ...buttons,
    bar && bar.commands.length ? flyout(bar, ctx) : null,
  ]);
}

/** Re-checks the standard buttons' disabled state (after an edit makes the form dirty). */
export function syncCommandBar(bar: HTMLElement): void {
  for (const el of Array.from(bar.querySelectorAll('button.command')))
    (el as HTMLButtonElement & { syncState?: () => void }).syncState?.();
}
