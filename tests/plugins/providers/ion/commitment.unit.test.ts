/**
 * NCE commitment facts from Ion subscription lines (issue 17): the cancellation window's end and the
 * term's last day where Ion states them, nothing where it does not (never computed or guessed), and no
 * refundable quantity or scheduled changes, which Ion does not have.
 */
import { parseSubscription } from '../../../../plugins/providers/ion/parse';

const LINE = {
  id: '2293353',
  customerId: '306870',
  cloudProviderId: '30',
  subscriptionId: '0f6a3c1e-9b1a-4d7e-8c3b-10b0c0de0001',
  mfgPartNumber: 'CFQ7TTC0LFLX:0013:P1M:M',
  subscriptionTotalLicenses: '9',
  subscriptionStatus: 'active',
  subscriptionStartDate: '2024-01-08T08:50:50Z',
  subscriptionEndDate: '2024-02-08T08:50:50Z',
  cancellationAllowedUntilDate: '2024-01-15T08:50:50+00:00',
  autoRenew: false,
};

function parsed(overrides: Record<string, unknown>) {
  const result = parseSubscription({ ...LINE, ...overrides }, 0, 0, '30');
  if (!result?.ok) throw new Error('line refused');
  return result.value;
}

describe('Ion NCE commitment facts', () => {
  it('takes the cancellation window as a UTC instant, the term end as a date, and auto renew', () => {
    expect(parsed({})).toMatchObject({
      cancellationAllowedUntil: '2024-01-15T08:50:50.000Z',
      termEndDate: '2024-02-08',
      autoRenew: false,
    });
  });

  it.each([
    ['no cancellation window stated', { cancellationAllowedUntilDate: undefined }, 'cancellationAllowedUntil'],
    ['a window that is not a date-time', { cancellationAllowedUntilDate: '15 January' }, 'cancellationAllowedUntil'],
    [
      'a window without a time zone',
      { cancellationAllowedUntilDate: '2024-01-15T08:50:50' },
      'cancellationAllowedUntil',
    ],
    [
      'an Azure plan line (its end is its start: no term)',
      { subscriptionEndDate: '2024-01-08T08:50:50Z' },
      'termEndDate',
    ],
    ['no end date', { subscriptionEndDate: undefined }, 'termEndDate'],
    ['no auto renew flag', { autoRenew: undefined }, 'autoRenew'],
  ])('leaves it unset for %s', (_name, overrides, field) => {
    expect(parsed(overrides)).not.toHaveProperty(field);
  });

  it('never sets what Ion does not have: refundable quantity and scheduled changes', () => {
    const sub = parsed({ refundableQuantity: 3, scheduledChanges: [{ quantity: 5 }] });
    expect(sub).not.toHaveProperty('refundableQuantity');
    expect(sub).not.toHaveProperty('scheduledChanges');
  });
});
