/**
 * Quantity history of the Ion sandbox's licence lines: the seats a line had from which day, so billing
 * reports can charge a mid-period change as a proration line, as Ion's invoices do [I: NCE invoices bill
 * mid-term seat changes pro rata]. Generated from its own random stream (so the rest of the dataset is
 * the same as without history): about one active licence line in eight changed seats during the month
 * before the reference date. Changes made later through the sandbox's controls are dated the reference
 * date (the sandbox's "today") [I].
 */
import { REFERENCE_DATE, addDays, addMonths } from '../sandbox-kit/dates';
import { SeededRandom } from '../sandbox-kit/prng';
import type { IonSandboxSubscription } from './dataset';

/** Seats from a day on (yyyy-mm-dd), until the next entry. */
export interface QuantityStep {
  from: string;
  quantity: number;
}

/** The billing period the generated changes fall in: the month before the reference date. */
export const LAST_PERIOD = { start: addMonths(REFERENCE_DATE, -1), end: addDays(REFERENCE_DATE, -1) };

export function addQuantityHistory(lines: IonSandboxSubscription[], seed: string | number): void {
  const rng = new SeededRandom(seed, 'ion-quantity-history');
  for (const line of lines) {
    const start = line.startDate.slice(0, 10);
    if (!line.mfgPartNumber || line.status !== 'active' || !rng.chance(0.125)) continue;
    const changeOn = addDays(LAST_PERIOD.start, rng.int(4, 24));
    if (start >= changeOn) continue;
    const delta = (rng.chance(0.7) ? 1 : -1) * rng.int(1, 3);
    const before = line.quantity - delta;
    if (before < 1) continue;
    line.quantityHistory = [
      { from: start, quantity: before },
      { from: changeOn, quantity: line.quantity },
    ];
  }
}

/** The seats of a line over time: its history, or its quantity from its start date. */
export function stepsOf(line: IonSandboxSubscription): QuantityStep[] {
  return line.quantityHistory?.length
    ? line.quantityHistory
    : [{ from: line.startDate.slice(0, 10), quantity: line.quantity }];
}

/** Record a change of seats from `from` on (the last entry of that day wins). */
export function recordChange(line: IonSandboxSubscription, after: number, from = REFERENCE_DATE): void {
  const steps = stepsOf(line).filter((s) => s.from < from);
  line.quantityHistory = [...steps, { from, quantity: after }];
}
