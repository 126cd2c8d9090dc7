/**
 * Accept on the Variance list and form: each selected Open variance gets review status Accepted (and
 * only that column), a row no longer Open is left and counted, the grid or form is refreshed, and the
 * message says how many were accepted and skipped.
 */
import { Choices, Tables } from '../../solution/schema';
import { acceptCommand, READ_CHUNK_SIZE } from '../../webresources/src/accept-variances';
import { refreshAfterJob } from '../../webresources/src/record';
import { WebApiError } from './fakes/fake-webapi';
import { platform, varianceForm, type Platform } from './fakes/platform';

const V = Tables.variance;
const S = Choices.varianceReviewStatus;

const idOf = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

function seed(p: Platform, n: number, status: number, amount = 12.5): string {
  return p.webApi.insert(V.logicalName, {
    [V.col.id]: idOf(n),
    [V.col.name]: `Variance ${n}`,
    [V.col.reviewStatus]: status,
    [V.col.amountAtStake]: amount,
  });
}

const statusOf = (p: Platform, id: string) =>
  p.webApi.rows(V.logicalName).find((r) => r[V.col.id] === id)?.[V.col.reviewStatus];

async function run(p: Platform, control: unknown, selected?: string[]) {
  if (await acceptCommand(p.deps, control, selected)) await refreshAfterJob(control);
}

describe('Accept on the Variance list', () => {
  let p: Platform;
  beforeEach(() => {
    p = platform();
  });

  it('accepts the selected Open variances, skips the others, refreshes the grid and says so', async () => {
    const open1 = seed(p, 1, S.Open);
    const open2 = seed(p, 2, S.Open);
    const fixed = seed(p, 3, S.Fixed);
    const accepted = seed(p, 4, S.Accepted);
    const notSelected = seed(p, 5, S.Open);
    let refreshed = 0;
    const grid = { refresh: () => refreshed++ };
    // Grids hand out braced upper-case ids; the deleted row's id no longer exists.
    const selected = [open1, open2, fixed, accepted, idOf(99)].map((id) => `{${id.toUpperCase()}}`);
    await run(p, grid, selected);
    expect([open1, open2, fixed, accepted, notSelected].map((id) => statusOf(p, id))).toEqual([
      S.Accepted,
      S.Accepted,
      S.Fixed,
      S.Accepted,
      S.Open,
    ]);
    // Only the review status is written, and only on the rows that were Open.
    const updates = p.webApi.calls.filter((c) => c.method === 'updateRecord');
    expect(updates.map((u) => [u.id, u.data])).toEqual([
      [open1, { [V.col.reviewStatus]: S.Accepted }],
      [open2, { [V.col.reviewStatus]: S.Accepted }],
    ]);
    expect(p.webApi.rows(V.logicalName).find((r) => r[V.col.id] === open1)?.[V.col.amountAtStake]).toBe(12.5);
    expect(p.navigation.dialogs).toEqual([
      {
        kind: 'alert',
        title: 'Accept variances',
        text: '2 variances accepted.\n3 skipped: they were no longer Open (already accepted or fixed) or no longer there.',
      },
    ]);
    expect(refreshed).toBe(1);
    // The progress bar is gone once it is done.
    expect(p.app.shown()).toBe(0);
  });

  it('accepting twice changes nothing the second time', async () => {
    const id = seed(p, 1, S.Open);
    await run(p, { refresh: () => undefined }, [id]);
    const writes = p.webApi.count('updateRecord');
    await run(p, { refresh: () => undefined }, [id]);
    expect(p.webApi.count('updateRecord')).toBe(writes);
    expect(p.navigation.dialogs[1].text).toBe(
      '0 variances accepted.\n1 skipped: it was no longer Open (already accepted or fixed) or no longer there.',
    );
  });

  it('reads a large selection in chunks, one read per chunk', async () => {
    const ids = Array.from({ length: READ_CHUNK_SIZE * 2 + 7 }, (_, i) => seed(p, i + 1, S.Open));
    await run(p, { refresh: () => undefined }, ids);
    expect(p.webApi.count('retrieveMultipleRecords', V.logicalName)).toBe(3);
    expect(p.webApi.count('updateRecord', V.logicalName)).toBe(ids.length);
    expect(p.navigation.dialogs[0].text).toBe(`${ids.length} variances accepted.`);
  });

  it('counts a row it could not update and names the reason, and goes on with the rest', async () => {
    const denied = seed(p, 1, S.Open);
    const ok = seed(p, 2, S.Open);
    const update = p.webApi.updateRecord.bind(p.webApi);
    p.webApi.updateRecord = (entity, id, data) => {
      // Xrm.WebApi rejects (it does not throw) with { errorCode, message }.
      if (id === denied)
        return Promise.reject(
          new WebApiError(0x80040220, 'You do not have prvWritew365_variance.'),
        ) as unknown as Xrm.Async.PromiseLike<Xrm.UpdateResponse>;
      return update(entity, id, data);
    };
    await run(p, { refresh: () => undefined }, [denied, ok]);
    expect([statusOf(p, denied), statusOf(p, ok)]).toEqual([S.Open, S.Accepted]);
    expect(p.navigation.dialogs[0].text).toBe(
      '1 variance accepted.\n1 could not be accepted: You do not have prvWritew365_variance.',
    );
  });

  it('asks for a selection when none is given', async () => {
    await run(p, { refresh: () => undefined }, []);
    expect(p.navigation.dialogs[0].title).toBe('Select variances');
    expect(p.webApi.calls).toEqual([]);
  });
});

describe('Accept on the Variance form', () => {
  it('accepts the form’s variance and refreshes the form', async () => {
    const p = platform();
    const id = seed(p, 1, S.Open);
    const { form, refreshed } = varianceForm(id);
    await run(p, form);
    expect(statusOf(p, id)).toBe(S.Accepted);
    expect(p.navigation.dialogs[0].text).toBe('1 variance accepted.');
    expect(refreshed.form).toBe(1);
  });

  it('asks to save first rather than lose unsaved edits to the refresh', async () => {
    const p = platform();
    const id = seed(p, 1, S.Open);
    await run(p, varianceForm(id, { dirty: true }).form);
    expect(statusOf(p, id)).toBe(S.Open);
    expect(p.navigation.dialogs[0].text).toBe('Save this record first, then choose Accept again.');
  });
});
