/**
 * The pure reconciliation, table-driven: every variance type, and each rule a billing person would
 * notice going wrong (quantity-days for mid-period changes, several subscriptions of one SKU, an empty
 * invoice, a customer with no lines, tolerance, keys that survive a rerun).
 */
import { reconcileInvoice, type ReconcileInput, type Variance } from '../../../../plugins/sync/reconcile';
import { BASIC, changed, created, E3, line, sub, world } from './world';

type Expectation = Partial<Variance> & Pick<Variance, 'type'>;

interface Case {
  name: string;
  change: (w: ReconcileInput) => void;
  expect: Expectation[];
}

const lines = (w: ReconcileInput) => w.invoice.lines as ReturnType<typeof line>[];
const setLines = (w: ReconcileInput, next: ReturnType<typeof line>[]) => {
  w.invoice = { ...w.invoice, lines: next };
};
const subs = (w: ReconcileInput) => w.subscriptions as ReturnType<typeof sub>[];

function matches(v: Variance, e: Expectation): boolean {
  return Object.entries(e).every(([k, value]) => JSON.stringify(v[k as keyof Variance]) === JSON.stringify(value));
}

/** Every expectation is met by one variance of its own, and no variance is left over. */
function check(input: ReconcileInput, expected: Expectation[]): Variance[] {
  const { variances } = reconcileInvoice(input);
  const unexpected = [...variances];
  const missing: Expectation[] = [];
  for (const e of expected) {
    const i = unexpected.findIndex((v) => matches(v, e));
    if (i < 0) missing.push(e);
    else unexpected.splice(i, 1);
  }
  expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
  return variances;
}

const CASES: Case[] = [
  { name: 'an invoice that matches the CRM finds nothing', change: () => {}, expect: [] },
  {
    name: 'quantity: the invoice bills 12 seats where the CRM has 10',
    change: (w) => setLines(w, [line({ lineNumber: 1, quantity: 12, amount: 360 }), ...lines(w).slice(1)]),
    expect: [{ type: 'quantity', subscriptionId: 's-a1', expected: 10, actual: 12, amountAtStake: 60 }],
  },
  {
    name: 'quantity-days: a mid-period increase and its proration line reconcile',
    change: (w) => {
      w.licenseChanges = [...w.licenseChanges, changed('s-a1', '2025-06-16T02:00:00Z', 5, 15)];
      subs(w)[0].quantity = 15;
      setLines(w, [
        ...lines(w),
        line({ lineNumber: 4, chargeType: 'proration', quantity: 5, amount: 75, periodStart: '2025-06-16' }),
      ]);
    },
    expect: [],
  },
  {
    name: 'quantity-days: the same increase without its proration line is a quantity variance of 15 days',
    change: (w) => {
      w.licenseChanges = [...w.licenseChanges, changed('s-a1', '2025-06-16', 5, 15)];
      subs(w)[0].quantity = 15;
    },
    expect: [{ type: 'quantity', subscriptionId: 's-a1', expected: 12.5, actual: 10, amountAtStake: -75 }],
  },
  {
    name: 'quantity-days: a decrease credited by a negative proration line reconciles',
    change: (w) => {
      w.licenseChanges = [...w.licenseChanges, changed('s-a1', '2025-06-21', -4, 6)];
      setLines(w, [
        ...lines(w),
        line({ lineNumber: 4, chargeType: 'proration', quantity: -4, amount: -40, periodStart: '2025-06-21' }),
      ]);
    },
    expect: [],
  },
  {
    name: 'quantity-days: a subscription suspended on the 16th bills half the month',
    change: (w) => {
      w.licenseChanges = [
        ...w.licenseChanges,
        {
          subscriptionId: 's-a1',
          effectiveDate: '2025-06-16',
          changeType: 'suspend',
          quantityDelta: 0,
          quantityAfter: 10,
        },
      ];
      subs(w)[0].status = 'suspended';
    },
    expect: [{ type: 'quantity', subscriptionId: 's-a1', expected: 5, actual: 10, amountAtStake: 150 }],
  },
  {
    name: 'quantity-days: a subscription bought on the 11th with its proration line reconciles',
    change: (w) => {
      w.subscriptions = [
        ...subs(w),
        sub({ id: 's-a3', sku: BASIC, quantity: 3, unitCost: 8, unitPrice: 10, startDate: '2025-06-11' }),
      ];
      w.licenseChanges = [...w.licenseChanges, created('s-a3', 3, '2025-06-12T03:00:00Z')];
      setLines(w, [
        ...lines(w),
        line({
          lineNumber: 4,
          providerSubscriptionId: 'sub-a3',
          sku: BASIC,
          chargeType: 'proration',
          quantity: 3,
          unitCost: 8,
          amount: 16,
          periodStart: '2025-06-11',
        }),
      ]);
    },
    expect: [],
  },
  {
    name: 'unit cost: the distributor charges 33 a seat where the CRM expects 30',
    change: (w) => setLines(w, [line({ lineNumber: 1, unitCost: 33, amount: 330 }), ...lines(w).slice(1)]),
    expect: [{ type: 'unitCost', subscriptionId: 's-a1', expected: 30, actual: 33, amountAtStake: 30 }],
  },
  {
    name: 'unit cost: without one on the subscription, the catalogue cost is expected',
    change: (w) => {
      subs(w)[0].unitCost = undefined;
      w.catalog = [{ ...w.catalog[0], unitCost: 28 }, w.catalog[1]];
    },
    expect: [{ type: 'unitCost', subscriptionId: 's-a1', expected: 28, actual: 30, amountAtStake: 20 }],
  },
  {
    name: 'price below cost: the customer is billed 29 a seat for a 30 seat cost',
    change: (w) => (subs(w)[0].unitPrice = 29),
    expect: [{ type: 'priceBelowCost', subscriptionId: 's-a1', expected: 30, actual: 29, amountAtStake: 10 }],
  },
  {
    name: 'missing in CRM: a line for a subscription the CRM does not have',
    change: (w) =>
      setLines(w, [...lines(w), line({ lineNumber: 4, providerSubscriptionId: 'sub-new', quantity: 2, amount: 60 })]),
    expect: [
      {
        type: 'missingInCrm',
        customerId: 'cust-a',
        sku: E3,
        expected: 0,
        actual: 2,
        amountAtStake: 60,
        lineNumbers: [4],
      },
    ],
  },
  {
    name: 'missing in CRM: a matched subscription on no billing contract is billed to nobody',
    change: (w) => (subs(w)[2].billingContractId = undefined),
    expect: [{ type: 'missingInCrm', subscriptionId: 's-b1', expected: 0, actual: 4, amountAtStake: 120 }],
  },
  {
    name: 'missing on invoice: the CRM bills a subscription the invoice does not charge',
    change: (w) =>
      setLines(
        w,
        lines(w).filter((l) => l.lineNumber !== 2),
      ),
    expect: [{ type: 'missingOnInvoice', subscriptionId: 's-a2', expected: 5, actual: 0, amountAtStake: -40 }],
  },
  {
    name: 'unmapped SKU: one finding per SKU, and its line is still matched (no other finding)',
    change: (w) => (w.catalog = [w.catalog[0]]),
    expect: [{ type: 'unmappedSku', sku: BASIC, amountAtStake: 40, lineNumbers: [2] }],
  },
  {
    name: 'unmapped account: lines of an unmapped provider account and of an unknown customer, one finding each',
    change: (w) =>
      setLines(w, [
        ...lines(w),
        line({ lineNumber: 4, customerId: 'cust-c', providerSubscriptionId: 'sub-c1', amount: 300 }),
        line({ lineNumber: 5, customerId: 'cust-c', providerSubscriptionId: 'sub-c2', sku: BASIC, amount: 40 }),
        line({ lineNumber: 6, customerId: 'cust-zz', providerSubscriptionId: 'sub-z1', amount: 300 }),
      ]),
    expect: [
      {
        type: 'unmappedAccount',
        customerId: 'cust-c',
        providerAccountId: 'pa-c',
        amountAtStake: 340,
        lineNumbers: [4, 5],
      },
      { type: 'unmappedAccount', customerId: 'cust-zz', amountAtStake: 300, lineNumbers: [6] },
    ],
  },
  {
    name: 'currency mismatch: a line in NZD on an AUD invoice (its quantity is not weighed)',
    change: (w) => setLines(w, [line({ lineNumber: 1, currencyCode: 'NZD', quantity: 11 }), ...lines(w).slice(1)]),
    expect: [{ type: 'currencyMismatch', subscriptionId: 's-a1', amountAtStake: 300 }],
  },
  {
    name: 'currency mismatch: a billing contract in NZD (costs are not compared, quantities are)',
    change: (w) => {
      w.billingContracts = [w.billingContracts[0], { id: 'bc-b', currencyCode: 'NZD' }];
      subs(w)[2].unitCost = 99;
    },
    expect: [{ type: 'currencyMismatch', subscriptionId: 's-b1' }],
  },
  {
    name: 'duplicate line: a line repeated word for word is reported once and not counted twice',
    change: (w) => setLines(w, [...lines(w), { ...lines(w)[0], lineNumber: 4 }]),
    expect: [{ type: 'duplicateLine', amountAtStake: 300, lineNumbers: [4, 1] }],
  },
  {
    name: 'invoice empty: one finding, not every subscription missing on invoice',
    change: (w) => setLines(w, []),
    expect: [{ type: 'invoiceEmpty', amountAtStake: 0 }],
  },
  {
    name: 'customer with no lines: one finding for the customer, not one per subscription',
    change: (w) => {
      w.subscriptions = [
        ...subs(w),
        sub({ id: 's-b2', providerAccountId: 'pa-b', sku: BASIC, quantity: 2, unitCost: 8 }),
      ];
      setLines(
        w,
        lines(w).filter((l) => l.customerId !== 'cust-b'),
      );
    },
    expect: [{ type: 'customerNoLines', providerAccountId: 'pa-b', expected: 6, actual: 0, amountAtStake: -136 }],
  },
  {
    name: 'customer with no lines: nothing when its subscriptions ended before the period',
    change: (w) => {
      subs(w)[2].status = 'cancelled';
      subs(w)[2].endDate = '2025-05-20';
      setLines(
        w,
        lines(w).filter((l) => l.customerId !== 'cust-b'),
      );
    },
    expect: [],
  },
  {
    name: 'annual billing: a subscription paid up front in January is not expected on the June invoice',
    change: (w) => {
      subs(w)[1].billingCycle = 'annual';
      setLines(
        w,
        lines(w).filter((l) => l.lineNumber !== 2),
      );
    },
    expect: [],
  },
  {
    name: 'annual billing: a customer whose only subscription was paid up front earlier is not a customer with no lines',
    change: (w) => {
      subs(w)[2].billingCycle = 'annual';
      setLines(
        w,
        lines(w).filter((l) => l.customerId !== 'cust-b'),
      );
    },
    expect: [],
  },
  {
    name: 'annual billing: a term that starts in the period is charged for the whole term and reconciles',
    change: (w) => {
      Object.assign(subs(w)[1], { billingCycle: 'annual', startDate: '2025-06-10', unitCost: 96, unitPrice: 120 });
      w.licenseChanges = [created('s-a1', 10), created('s-a2', 5, '2025-06-10'), created('s-b1', 4)];
      setLines(w, [
        lines(w)[0],
        line({
          lineNumber: 2,
          providerSubscriptionId: 'sub-a2',
          sku: BASIC,
          quantity: 5,
          unitCost: 96,
          amount: 480,
          periodStart: '2025-06-10',
          periodEnd: '2026-06-09',
        }),
        lines(w)[2],
      ]);
    },
    expect: [],
  },
  {
    name: 'annual billing: seats added mid-term are charged pro rata; without that charge the addition is missing',
    change: (w) => {
      Object.assign(subs(w)[1], { billingCycle: 'annual', unitCost: 96, unitPrice: 120 });
      w.licenseChanges = [...w.licenseChanges, changed('s-a2', '2025-06-16', 2, 7)];
      setLines(
        w,
        lines(w).filter((l) => l.lineNumber !== 2),
      );
    },
    // 2 seats for 15 days of a 96-a-year seat.
    expect: [{ type: 'missingOnInvoice', subscriptionId: 's-a2', expected: 1, actual: 0, amountAtStake: -7.89 }],
  },
  {
    name: 'annual billing: ... and with that charge it reconciles',
    change: (w) => {
      Object.assign(subs(w)[1], { billingCycle: 'annual', unitCost: 96, unitPrice: 120 });
      w.licenseChanges = [...w.licenseChanges, changed('s-a2', '2025-06-16', 2, 7)];
      setLines(w, [
        ...lines(w).filter((l) => l.lineNumber !== 2),
        line({
          lineNumber: 4,
          providerSubscriptionId: 'sub-a2',
          sku: BASIC,
          quantity: 2,
          unitCost: 96,
          chargeType: 'proration',
          amount: 106.7,
          periodStart: '2025-06-16',
          periodEnd: '2026-01-09',
        }),
      ]);
    },
    expect: [],
  },
];

describe('reconcileInvoice', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const w = world();
    c.change(w);
    check(w, c.expect);
  });
});

describe('several subscriptions of one SKU for one customer', () => {
  /** Customer A also has a second E3 subscription of 3 seats. */
  function twoOfE3(): ReconcileInput {
    const w = world();
    w.subscriptions = [...subs(w), sub({ id: 's-a3', quantity: 3 })];
    w.licenseChanges = [...w.licenseChanges, created('s-a3', 3)];
    return w;
  }
  const e3Lines = (w: ReconcileInput) => lines(w).filter((l) => l.sku !== E3 || l.customerId !== 'cust-a');

  it.each([
    [
      'by subscription id, whatever the order of the lines',
      [
        ['sub-a3', 3],
        ['sub-a1', 10],
      ],
      [],
    ],
    [
      'by quantity when the lines carry no id',
      [
        [undefined, 3],
        [undefined, 10],
      ],
      [],
    ],
    [
      'by id first: ids that disagree with the quantities are two quantity findings, not re-paired',
      [
        ['sub-a1', 3],
        ['sub-a3', 10],
      ],
      [
        { type: 'quantity', subscriptionId: 's-a1', expected: 10, actual: 3, amountAtStake: -210 },
        { type: 'quantity', subscriptionId: 's-a3', expected: 3, actual: 10, amountAtStake: 210 },
      ],
    ],
    [
      'never double-counted: two lines of 10 seats for subscriptions of 10 and 3 are one finding of 7 seats',
      [
        [undefined, 10],
        [undefined, 10],
      ],
      [{ type: 'quantity', subscriptionId: undefined, expected: 3, actual: 10, amountAtStake: 210 }],
    ],
  ] as const)('matched %s', (_name, given, expected) => {
    const w = twoOfE3();
    setLines(w, [
      ...given.map(([id, quantity], i) =>
        line({ lineNumber: 10 + i, providerSubscriptionId: id, quantity, amount: quantity * 30 }),
      ),
      ...e3Lines(w),
    ]);
    const found = check(
      w,
      expected.map((e) => ({ ...e })),
    );
    if (expected.length === 1 && !expected[0].subscriptionId)
      expect(found[0].key).toBe(`${w.invoice.providerId}|INV-2025-06|qty|pool|cust-a|${E3}`);
  });

  it('a proration line without an id goes to the subscription whose seats changed that day', () => {
    const w = twoOfE3();
    w.licenseChanges = [...w.licenseChanges, changed('s-a3', '2025-06-16', 2, 5)];
    setLines(w, [
      line({ lineNumber: 10, providerSubscriptionId: undefined, quantity: 10, amount: 300 }),
      line({ lineNumber: 11, providerSubscriptionId: undefined, quantity: 3, amount: 90 }),
      line({
        lineNumber: 12,
        providerSubscriptionId: undefined,
        quantity: 2,
        chargeType: 'proration',
        periodStart: '2025-06-16',
        amount: 30,
      }),
      ...e3Lines(w),
    ]);
    check(w, []);
  });
});

describe('tolerance', () => {
  it.each([
    ['a cost a tenth of a cent off is rounding (amount bound)', { amount: 0.01, percent: 0 }, 30.001, []],
    ['3.3% is within a 5% bound', { amount: 0, percent: 5 }, 31, []],
    [
      '6.7% is not',
      { amount: 0, percent: 5 },
      32,
      [{ type: 'unitCost' as const, expected: 30, actual: 32, amountAtStake: 20 }],
    ],
    ['either bound is enough', { amount: 25, percent: 1 }, 32, []],
  ])('%s', (_name, tolerance, unitCost, expected) => {
    const w = world();
    w.tolerance = tolerance;
    setLines(w, [line({ lineNumber: 1, unitCost, amount: unitCost * 10 }), ...lines(w).slice(1)]);
    check(w, expected);
  });

  it('a sync that logged an increase a day late stays within a 5% tolerance', () => {
    const w = world();
    w.tolerance = { amount: 0.01, percent: 5 };
    w.licenseChanges = [...w.licenseChanges, changed('s-a1', '2025-06-17', 5, 15)];
    setLines(w, [
      ...lines(w),
      line({ lineNumber: 4, chargeType: 'proration', quantity: 5, amount: 75, periodStart: '2025-06-16' }),
    ]);
    check(w, []);
  });
});

describe('keys', () => {
  const withFindings = () => {
    const w = world();
    setLines(w, [line({ lineNumber: 1, quantity: 12, unitCost: 33, amount: 396 }), ...lines(w).slice(1, 2)]);
    return w;
  };

  it('a rerun over the same facts finds exactly the same variances', () => {
    expect(reconcileInvoice(withFindings()).variances).toEqual(reconcileInvoice(withFindings()).variances);
  });

  it('a changed figure keeps the key (so an accepted variance stays accepted), other findings have others', () => {
    const first = reconcileInvoice(withFindings()).variances;
    const changedWorld = withFindings();
    setLines(changedWorld, [
      line({ lineNumber: 1, quantity: 13, unitCost: 34, amount: 442 }),
      ...lines(changedWorld).slice(1),
    ]);
    const second = reconcileInvoice(changedWorld).variances;
    expect(second.map((v) => v.key)).toEqual(first.map((v) => v.key));
    expect(second.map((v) => v.actual)).not.toEqual(first.map((v) => v.actual));
    expect(new Set(first.map((v) => v.key)).size).toBe(first.length);
    expect(first.map((v) => v.type).sort()).toEqual(['customerNoLines', 'quantity', 'unitCost']);
  });

  it('a long subject still fits the 300-character key column, and stays distinct', () => {
    const w = world();
    const longId = (c: string) => `${c.repeat(150)}-sub`;
    setLines(w, [
      ...lines(w),
      line({ lineNumber: 4, providerSubscriptionId: longId('x'), amount: 1 }),
      line({ lineNumber: 5, providerSubscriptionId: longId('y'), amount: 2 }),
    ]);
    const keys = reconcileInvoice(w).variances.map((v) => v.key);
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.length <= 300)).toBe(true);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
