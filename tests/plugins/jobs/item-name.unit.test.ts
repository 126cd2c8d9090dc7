import { itemName } from '../../../plugins/jobs/store';

describe('a Sync Job item name', () => {
  it('is the first sentence of its message, not its code', () => {
    expect(
      itemName({
        code: 'SUBSCRIPTION_UNMAPPED_ACCOUNT',
        message:
          'Contoso Ltd is not mapped to a CRM account, so its 3 subscriptions were not synced. Map it in Provider Accounts.',
        recordName: 'Contoso Ltd',
      }),
    ).toBe('Contoso Ltd is not mapped to a CRM account, so its 3 subscriptions were not synced.');
  });

  it('does not end the sentence inside a company name', () => {
    expect(
      itemName({
        code: 'SUBSCRIPTION_UNMAPPED_ACCOUNT',
        message: 'Coral Coast & Ashworth Pty. Ltd. is not mapped to a CRM account. Map it first.',
      }),
    ).toBe('Coral Coast & Ashworth Pty. Ltd. is not mapped to a CRM account.');
  });

  it('keeps decimals and abbreviations inside the sentence', () => {
    expect(itemName({ code: 'X', message: 'Unit cost 12.50 differs from 12.75 at the distributor.' })).toBe(
      'Unit cost 12.50 differs from 12.75 at the distributor.',
    );
  });

  it('is cut at a word with an ellipsis when the sentence is long', () => {
    const name = itemName({ code: 'X', message: `${'word '.repeat(60)}end.` });
    expect(name.length).toBeLessThanOrEqual(161);
    expect(name.endsWith('word…')).toBe(true);
  });

  it('falls back to the code and record when there is no message', () => {
    expect(itemName({ code: 'SUBSCRIPTION_UNMAPPED_SKU', message: '', recordName: '14100022' })).toBe(
      'SUBSCRIPTION_UNMAPPED_SKU: 14100022',
    );
  });
});
