/**
 * Reads a table's RibbonDiffXml back into the command bar the app shell renders: the Work 365 flyout
 * of each surface (form, homepage grid), its buttons with their labels (LocLabels, 1033), the
 * JavaScriptFunction each calls with its parameters, and the enable rules behind it. Reading the XML
 * rather than the TypeScript definitions means the shell clicks exactly what the solution ships.
 */
import { attr, child, children, descendants, parseXml, type XNode } from '../../../solution/packer/xml-parse';
import type { CommandBarMeta, CommandMeta, EnableRuleMeta, RibbonParameterMeta } from '../shared/metadata';

const LANGUAGE_CODE = '1033';

function labels(root: XNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const label of descendants(root, 'LocLabel')) {
    const title = descendants(label, 'Title').find((t) => attr(t, 'languagecode') === LANGUAGE_CODE);
    if (title) out.set(attr(label, 'Id') ?? '', attr(title, 'description') ?? '');
  }
  return out;
}

const webResourceName = (library: string | undefined) => (library ?? '').replace(/^\$webresource:/, '');

function parameters(node: XNode): RibbonParameterMeta[] {
  return node.children.flatMap((p): RibbonParameterMeta[] => {
    if (p.name === 'CrmParameter') return [{ crm: attr(p, 'Value') ?? '' }];
    if (p.name === 'IntParameter') return [{ int: Number(attr(p, 'Value')) }];
    // Other parameter kinds are not used by our ribbons; refusing them keeps the shell honest.
    throw new Error(`app shell: ribbon parameter <${p.name}> is not supported`);
  });
}

function enableRules(root: XNode): Map<string, EnableRuleMeta[]> {
  const out = new Map<string, EnableRuleMeta[]>();
  const definitions = child(root, 'RuleDefinitions');
  const rules = definitions ? child(definitions, 'EnableRules') : undefined;
  for (const rule of rules ? children(rules, 'EnableRule') : []) {
    out.set(
      attr(rule, 'Id') ?? '',
      rule.children.map((r): EnableRuleMeta => {
        if (r.name === 'CustomRule') {
          return {
            kind: 'custom',
            library: webResourceName(attr(r, 'Library')),
            functionName: attr(r, 'FunctionName') ?? '',
            parameters: parameters(r),
            defaultValue: attr(r, 'Default') !== 'false',
            invert: attr(r, 'InvertResult') === 'true',
          };
        }
        if (r.name === 'SelectionCountRule') {
          const n = (name: string) => (attr(r, name) === undefined ? undefined : Number(attr(r, name)));
          return { kind: 'selectionCount', minimum: n('Minimum'), maximum: n('Maximum') };
        }
        throw new Error(`app shell: enable rule <${r.name}> is not supported`);
      }),
    );
  }
  return out;
}

/** The command bars (one per surface with a Work 365 flyout) of one table's RibbonDiffXml. */
export function commandBarsOf(table: string, ribbonDiffXml: string): CommandBarMeta[] {
  const root = parseXml(ribbonDiffXml);
  const text = labels(root);
  const rules = enableRules(root);
  const commands = new Map(descendants(root, 'CommandDefinition').map((c) => [attr(c, 'Id') ?? '', c]));
  const label = (ref: string | undefined) => text.get((ref ?? '').replace(/^\$LocLabels:/, '')) ?? ref ?? '';
  const bars: CommandBarMeta[] = [];
  for (const action of descendants(root, 'CustomAction')) {
    const m = new RegExp(`^Mscrm\\.(Form|HomepageGrid)\\.${table}\\.`).exec(attr(action, 'Location') ?? '');
    const flyout = descendants(action, 'FlyoutAnchor')[0];
    if (!m || !flyout) continue;
    const buttons = descendants(flyout, 'Button').map((button): CommandMeta => {
      const definition = commands.get(attr(button, 'Command') ?? '');
      const fn = definition ? descendants(definition, 'JavaScriptFunction')[0] : undefined;
      if (!definition || !fn)
        throw new Error(`app shell: button ${attr(button, 'Id')} has no JavaScriptFunction command`);
      const refs = descendants(child(definition, 'EnableRules') as XNode, 'EnableRule').map((r) => attr(r, 'Id') ?? '');
      return {
        id: attr(button, 'Id') ?? '',
        label: label(attr(button, 'LabelText')),
        tooltip: label(attr(button, 'ToolTipDescription')),
        library: webResourceName(attr(fn, 'Library')),
        functionName: attr(fn, 'FunctionName') ?? '',
        parameters: parameters(fn),
        enableRules: refs.flatMap((id) => rules.get(id) ?? []),
      };
    });
    bars.push({
      table,
      surface: m[1] as 'Form' | 'HomepageGrid',
      label: label(attr(flyout, 'LabelText')),
      tooltip: label(attr(flyout, 'ToolTipDescription')),
      commands: buttons,
    });
  }
  return bars;
}
