/**
 * The reconciliation benchmark's data keeps its promise at a small size: about 1.2 lines per
 * subscription, planted variances of every type on about 1% of the lines, each found with its type and
 * nothing else reported; the same seed gives the same data. (The figures at full size are the
 * benchmark's: `npm run -s bench -- reconcile-pure --json`.)
 */
import { reconcileInvoice, VARIANCE_TYPES } from '../../../plugins/sync/reconcile';
import { generateReconcileBenchData } from '../../../scripts/bench/reconcile-data';
import { score } from '../../../scripts/bench/reconcile-pure';

describe('reconcile benchmark data', () => {
  const data = generateReconcileBenchData({ customers: 300, subscriptions: 3000, seed: 5 });

  it('has an invoice of about 1.2 lines a subscription, with 1% planted variances of every type', () => {
    expect(data.input.invoice.lines.length).toBe(3600);
    const types = new Set(data.planted.map((p) => p.type));
    expect([...types, 'invoiceEmpty'].sort()).toEqual([...VARIANCE_TYPES].sort());
    expect(data.planted.length).toBe(10 * Math.round((3600 * 0.01) / 10));
  });

  it('is found in full by the reconciliation, without a false positive', () => {
    const main = reconcileInvoice(data.input);
    const empty = reconcileInvoice({ ...data.input, invoice: data.emptyInvoice });
    const figures = score([...main.variances, ...empty.variances], [...data.planted, { type: 'invoiceEmpty' }]);
    expect({ found: figures.found, false_positives: figures.false_positives }).toEqual({
      found: data.planted.length + 1,
      false_positives: 0,
    });
  });

  it('is the same for the same seed, and different for another', () => {
    const again = generateReconcileBenchData({ customers: 300, subscriptions: 3000, seed: 5 });
    expect(again.input.invoice.lines).toEqual(data.input.invoice.lines);
    const other = generateReconcileBenchData({ customers: 300, subscriptions: 3000, seed: 6 });
    expect(other.input.invoice.lines).not.toEqual(data.input.invoice.lines);
  });

  it('scores a wrong type or a finding without a plant as such', () => {
    const [first] = reconcileInvoice(data.input).variances;
    expect(score([{ ...first, type: first.type === 'quantity' ? 'unitCost' : 'quantity' }], [])).toMatchObject({
      found: 0,
      false_positives: 1,
    });
  });
});
