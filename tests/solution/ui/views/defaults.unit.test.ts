import { Tables } from '../../../../solution/schema';
import { defaultViews } from '../../../../solution/ui/views';

describe('the Variance system views', () => {
  it('show the type, review status and amount, so the invoice subgrid says what to review', () => {
    const associated = defaultViews(Tables.variance).find((v) => v.key === 'w365_variance.associated');
    const v = Tables.variance.col;
    expect(associated?.columns.map((c) => c.column)).toEqual([
      v.name,
      v.varianceType,
      v.reviewStatus,
      v.amountAtStake,
      v.currencyCode,
    ]);
  });
});
