/**
 * Which notifications a run's new alerts become: each alert its own notification up to
 * `maxSingleNotifications`; more than that, one digest instead (a flood of toasts helps nobody). Pure.
 */
import { AlertMessages, AlertTitles } from './strings';
import type { AlertCause } from './types';

export interface PlannedNotification {
  title: string;
  body: string;
  alerts: AlertCause[];
  digest: boolean;
}

/** Lines of a digest body listed before "and N more". */
const DIGEST_LINES = 20;

export function plannedNotifications(
  alerts: readonly AlertCause[],
  providerName: string,
  maxSingleNotifications: number,
): PlannedNotification[] {
  if (alerts.length <= maxSingleNotifications)
    return alerts.map((a) => ({ title: a.title, body: a.message, alerts: [a], digest: false }));
  const lines = alerts.slice(0, DIGEST_LINES).map((a) => `- ${a.title}`);
  if (alerts.length > DIGEST_LINES) lines.push(`- and ${alerts.length - DIGEST_LINES} more`);
  return [
    {
      title: AlertTitles.digest(alerts.length, providerName),
      body: AlertMessages.digest(alerts.length, lines),
      alerts: [...alerts],
      digest: true,
    },
  ];
}
