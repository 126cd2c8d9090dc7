/// <reference types="xrm" />
/**
 * Where a command shows its job's progress without blocking the page, as Dynamics offers it: on a form,
 * a form notification (`formContext.ui.setFormNotification`), so the person keeps working on the form
 * or elsewhere; on a list, an app notification bar (`Xrm.App.addGlobalNotification`). Both take text
 * only, so the bar is drawn with characters. Only where neither exists (an old client) does it fall
 * back to the blocking progress indicator.
 */
import type { CommandDeps } from './deps';
import { isFormContext } from './record';
import { ProgressText } from './strings';

export interface ProgressView {
  show(text: string): void;
  close(): void;
}

/** Cells of the text bar. */
export const BAR_CELLS = 10;

/** `▰▰▰▱▱▱▱▱▱▱`: the share done, in cells. */
export function progressBar(percent: number): string {
  const done = Math.max(0, Math.min(BAR_CELLS, Math.round((percent / 100) * BAR_CELLS)));
  return `${'▰'.repeat(done)}${'▱'.repeat(BAR_CELLS - done)}`;
}

let notificationCount = 0;

function formNotification(form: Xrm.FormContext): ProgressView {
  const id = `w365-job-progress-${++notificationCount}`;
  return {
    show: (text) => {
      // Cleared first: a second set with the same id is ignored by some clients rather than replacing.
      form.ui.clearFormNotification(id);
      form.ui.setFormNotification(text, 'INFO', id);
    },
    close: () => {
      form.ui.clearFormNotification(id);
    },
  };
}

function appNotification(app: NonNullable<CommandDeps['xrm']['App']>): ProgressView {
  // addGlobalNotification answers with the id asynchronously; each update replaces the previous bar.
  let current: Promise<string | undefined> = Promise.resolve(undefined);
  let closed = false;
  const replace = (text: string | undefined) => {
    current = current.then(async (previous) => {
      if (previous) await app.clearGlobalNotification(previous);
      if (text === undefined || closed) return undefined;
      // type 2: the message bar at the top of the app [C] (Xrm.App.addGlobalNotification); level 4: information.
      return app.addGlobalNotification({ type: 2, level: 4, message: text, showCloseButton: false });
    });
    current.catch(() => undefined);
  };
  return {
    show: (text) => replace(text),
    close: () => {
      replace(undefined);
      closed = true;
    },
  };
}

/** The blocking progress indicator, for callers with no form or app bar to show progress in. */
export function indicatorView(deps: CommandDeps): ProgressView {
  return {
    show: (text) => deps.xrm.Utility.showProgressIndicator(text),
    close: () => deps.xrm.Utility.closeProgressIndicator(),
  };
}

/** The view a command started from `primaryControl` (form context or grid) shows its progress in. */
export function progressViewFor(deps: CommandDeps, primaryControl: unknown): ProgressView {
  if (isFormContext(primaryControl) && typeof primaryControl.ui?.setFormNotification === 'function')
    return formNotification(primaryControl);
  if (deps.xrm.App && typeof deps.xrm.App.addGlobalNotification === 'function') return appNotification(deps.xrm.App);
  return indicatorView(deps);
}

/** The text of a running job's notification: the bar, then what it does. */
export function runningText(title: string, message: string, percent: number): string {
  return `${progressBar(percent)} ${ProgressText.running(title, message, percent)}`;
}
