/** One thing wrong with a built solution, located as precisely as the check can. */
export interface SolutionProblem {
  /** The zip file (base name) the problem is in. */
  readonly zip: string;
  /** The file inside the zip (`customizations.xml`), or '' for the zip as a whole. */
  readonly file: string;
  /** 1-based line in that file, when known. */
  readonly line: number | null;
  readonly reason: string;
}

/** `Work365ProviderSync_1_0_0_0_managed.zip: customizations.xml:85: Element 'IsSecured': ...` */
export function formatProblem(p: SolutionProblem): string {
  const where = p.file ? `${p.file}${p.line !== null ? `:${p.line}` : ''}` : '(zip)';
  return `${p.zip}: ${where}: ${p.reason}`;
}

/** Collects problems for one zip. */
export class ProblemList {
  readonly items: SolutionProblem[] = [];
  constructor(readonly zip: string) {}
  add(file: string, line: number | null, reason: string): void {
    this.items.push({ zip: this.zip, file, line, reason });
  }
}
