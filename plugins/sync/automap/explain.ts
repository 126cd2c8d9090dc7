/**
 * Reasons a person understands. For two names that normalise to the same key, says which differences
 * were ignored ("Same name once case, punctuation and 'Ltd' are ignored") by switching each
 * normalisation step off in turn and seeing whether the names still match without it.
 */
import { ALL_NAME_STEPS, legalFormsOf, NameSteps, normaliseName } from './normalise';

interface Aspect {
  step: keyof NameSteps;
  label: string;
  plural: boolean;
}

const ASPECTS: readonly Aspect[] = [
  { step: 'caseFolding', label: 'case', plural: false },
  { step: 'accents', label: 'accents', plural: true },
  { step: 'ampersand', label: "'&' vs 'and'", plural: false },
  { step: 'punctuation', label: 'punctuation', plural: false },
  { step: 'spaces', label: 'spaces', plural: true },
];

/** "Same name", or "Same name once X, Y and Z are ignored" for names with the same normalised key. */
export function explainSameName(providerName: string, crmName: string): string {
  const collapse = (s: string) => s.trim().replace(/\s+/g, ' ');
  if (collapse(providerName) === collapse(crmName)) return 'Same name';
  const ignored: Array<{ label: string; plural: boolean }> = [];
  for (const aspect of ASPECTS) {
    const steps: NameSteps = { ...ALL_NAME_STEPS, [aspect.step]: false };
    if (normaliseName(providerName, steps).key !== normaliseName(crmName, steps).key) ignored.push(aspect);
  }
  const withoutLegal: NameSteps = { ...ALL_NAME_STEPS, legalForms: false };
  if (normaliseName(providerName, withoutLegal).key !== normaliseName(crmName, withoutLegal).key) {
    const forms = [legalFormsOf(providerName), legalFormsOf(crmName)]
      .map((f) => f.join(' '))
      .filter((f, i, all) => f !== '' && all.indexOf(f) === i);
    ignored.push({ label: forms.map((f) => `'${f}'`).join(' vs ') || 'legal forms', plural: forms.length > 1 });
  }
  if (ignored.length === 0) {
    // Only a leading "The" or spacing around punctuation differs.
    return /^\s*the\s/i.test(providerName) !== /^\s*the\s/i.test(crmName)
      ? "Same name once a leading 'The' is ignored"
      : 'Same name once spacing is ignored';
  }
  const verb = ignored.length > 1 || ignored[0].plural ? 'are' : 'is';
  return `Same name once ${joinWithAnd(ignored.map((a) => a.label))} ${verb} ignored`;
}

/** "Same name as 'Contoso Ltd' once case is ignored": an explanation that names the CRM account. */
export function sameNameAs(explanation: string, crmName: string): string {
  return explanation.replace(/^Same name/, `Same name as '${crmName}'`);
}

/** "a", "a and b", "a, b and c". */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "'A'; 'B'; 'C' and 2 more" for a list of account names in a reason. */
export function listNames(names: readonly string[], max = 3): string {
  return listItems(
    names.map((n) => `'${n}'`),
    max,
  );
}

/** "A; B; C and 2 more" for items already formatted. */
export function listItems(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join('; ')} and ${more} more` : shown.join('; ');
}

/** "Two", "Three", ... for "Two CRM accounts match equally well". */
export function countWord(count: number): string {
  const words = ['No', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];
  return count < words.length ? words[count] : String(count);
}

/** A similarity in [0,1] as a whole percentage for a reason: 0.823 -> "82%". */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
