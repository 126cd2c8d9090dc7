/**
 * Renders a table's command bar definition (commands.ts) as the `<RibbonDiffXml>` Dataverse imports
 * (dataverse.md §3.3): one "Work 365" flyout per surface (form, homepage grid) whose menu holds the
 * buttons, a CommandDefinition per button with a JavaScriptFunction action, CustomRule and
 * SelectionCountRule enable rules, and LocLabels for every label. Ids follow
 * `w365.<table>.<surface>.<key>.<kind>` so that two tables, or the form and the grid of one table,
 * never collide.
 */
import { el, serializeElement, type XmlElement } from '../packer/xml';
import type { ButtonDef, EnableRuleDef, LocationDef, RibbonParameter, TableRibbonDef } from './commands';
import { RIBBON_LANGUAGE_CODE, RibbonStrings, type RibbonStringKey } from './strings';

const PREFIX = 'w365';

export interface RibbonIds {
  flyoutCommand: string;
  customAction(location: LocationDef): string;
  flyout(location: LocationDef): string;
  button(location: LocationDef, button: ButtonDef): string;
  command(location: LocationDef, button: ButtonDef): string;
  enableRule(rule: EnableRuleDef): string;
  label(text: RibbonStringKey): string;
  tooltip(text: RibbonStringKey): string;
}

export function ribbonIds(table: string): RibbonIds {
  const base = `${PREFIX}.${table}`;
  return {
    flyoutCommand: `${base}.Work365.Command`,
    customAction: (l) => `${base}.${l.surface}.Work365.CustomAction`,
    flyout: (l) => `${base}.${l.surface}.Work365.Flyout`,
    button: (l, b) => `${base}.${l.surface}.${b.key}.Button`,
    command: (l, b) => `${base}.${l.surface}.${b.key}.Command`,
    enableRule: (r) => `${base}.${r.key}.EnableRule`,
    label: (t) => `${base}.${t}.Label`,
    tooltip: (t) => `${base}.${t}.Tooltip`,
  };
}

const webResourceRef = (name: string) => `$webresource:${name}`;
const locLabelRef = (id: string) => `$LocLabels:${id}`;

function parameterXml(p: RibbonParameter): XmlElement {
  return 'crm' in p ? el('CrmParameter', { Value: p.crm }) : el('IntParameter', { Value: p.int });
}

function enableRuleXml(rule: EnableRuleDef, ids: RibbonIds): XmlElement {
  const inner =
    rule.kind === 'custom'
      ? el(
          'CustomRule',
          {
            Library: webResourceRef(rule.library.name),
            FunctionName: `${rule.library.namespace}.${rule.functionName}`,
            Default: rule.defaultValue,
          },
          rule.parameters.map(parameterXml),
        )
      : el('SelectionCountRule', { AppliesTo: 'SelectedEntity', Minimum: rule.minimum, Maximum: rule.maximum });
  return el('EnableRule', { Id: ids.enableRule(rule) }, [inner]);
}

function flyoutXml(table: string, location: LocationDef, ids: RibbonIds): XmlElement {
  const flyoutId = ids.flyout(location);
  const buttons = location.buttons.map((b, i) =>
    el('Button', {
      Id: ids.button(location, b),
      Command: ids.command(location, b),
      LabelText: locLabelRef(ids.label(b.text)),
      Alt: locLabelRef(ids.label(b.text)),
      ToolTipTitle: locLabelRef(ids.label(b.text)),
      ToolTipDescription: locLabelRef(ids.tooltip(b.text)),
      Sequence: (i + 1) * 10,
      ModernImage: b.modernImage,
    }),
  );
  return el(
    'CustomAction',
    {
      Id: ids.customAction(location),
      Location: `Mscrm.${location.surface}.${table}.${location.group}.Controls._children`,
      Sequence: location.sequence,
    },
    [
      el('CommandUIDefinition', {}, [
        el(
          'FlyoutAnchor',
          {
            Id: flyoutId,
            Command: ids.flyoutCommand,
            LabelText: locLabelRef(ids.label('work365')),
            Alt: locLabelRef(ids.label('work365')),
            ToolTipTitle: locLabelRef(ids.label('work365')),
            ToolTipDescription: locLabelRef(ids.tooltip('work365')),
            Sequence: location.sequence,
            TemplateAlias: 'o1',
          },
          [
            el('Menu', { Id: `${flyoutId}.Menu` }, [
              el('MenuSection', { Id: `${flyoutId}.Section`, Sequence: 10, DisplayMode: 'Menu16' }, [
                el('Controls', { Id: `${flyoutId}.Controls` }, buttons),
              ]),
            ]),
          ],
        ),
      ]),
    ],
  );
}

/** The `<RibbonDiffXml>` element of one table. */
export function ribbonDiffXmlElement(def: TableRibbonDef): XmlElement {
  const table = def.table.logicalName;
  const ids = ribbonIds(table);
  const rules = new Map<string, EnableRuleDef>();
  const texts = new Set<RibbonStringKey>(['work365']);
  const commands: XmlElement[] = [
    // A flyout anchor only opens its menu; its command has no rules and no action.
    el('CommandDefinition', { Id: ids.flyoutCommand }, [el('EnableRules'), el('DisplayRules'), el('Actions')]),
  ];
  for (const location of def.locations) {
    for (const b of location.buttons) {
      texts.add(b.text);
      for (const r of b.enableRules) rules.set(ids.enableRule(r), r);
      commands.push(
        el('CommandDefinition', { Id: ids.command(location, b) }, [
          el(
            'EnableRules',
            {},
            b.enableRules.map((r) => el('EnableRule', { Id: ids.enableRule(r) })),
          ),
          el('DisplayRules'),
          el('Actions', {}, [
            el(
              'JavaScriptFunction',
              { Library: webResourceRef(b.library.name), FunctionName: `${b.library.namespace}.${b.functionName}` },
              b.parameters.map(parameterXml),
            ),
          ]),
        ]),
      );
    }
  }
  const labels: XmlElement[] = [];
  for (const t of texts) {
    const title = (id: string, text: string) =>
      el('LocLabel', { Id: id }, [
        el('Titles', {}, [el('Title', { description: text, languagecode: RIBBON_LANGUAGE_CODE })]),
      ]);
    labels.push(title(ids.label(t), RibbonStrings[t].label), title(ids.tooltip(t), RibbonStrings[t].tooltip));
  }
  return el('RibbonDiffXml', {}, [
    el(
      'CustomActions',
      {},
      def.locations.map((l) => flyoutXml(table, l, ids)),
    ),
    el('Templates', {}, [el('RibbonTemplates', { Id: 'Mscrm.Templates' })]),
    el('CommandDefinitions', {}, commands),
    el('RuleDefinitions', {}, [
      el('TabDisplayRules'),
      el('DisplayRules'),
      el(
        'EnableRules',
        {},
        [...rules.values()].map((r) => enableRuleXml(r, ids)),
      ),
    ]),
    el('LocLabels', {}, labels),
  ]);
}

/** The RibbonDiffXml of one table as text, without declaration (the packer embeds it in customizations.xml). */
export function renderRibbonDiffXml(def: TableRibbonDef): string {
  return `${serializeElement(ribbonDiffXmlElement(def))}\n`;
}
