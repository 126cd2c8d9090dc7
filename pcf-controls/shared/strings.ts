/**
 * The control's strings come from its .resx through `context.resources.getString`. A missing key
 * shows as the key itself (never as an empty label), so a typo is visible rather than silent.
 */
import { format } from './text';

export class Strings<K extends string> {
  constructor(private readonly resources: Pick<ComponentFramework.Resources, 'getString'>) {}

  get(key: K, ...args: readonly (string | number)[]): string {
    let text: string | undefined;
    try {
      text = this.resources.getString(key);
    } catch {
      text = undefined;
    }
    return format(text || key, ...args);
  }
}
