/**
 * A mistake in the schema or the UI data fails the build before anything is written, with a stable
 * code and a message that names the table, column, form or view.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tables, type TableDef } from '../../solution/schema';
import { col } from '../../solution/schema/define';
import { buildSolution, defaultModel, SolutionErrorCodes, type SolutionModel } from '../../solution/packer';
import type { FormDef } from '../../solution/ui';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-model-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const build = (model: SolutionModel) =>
  buildSolution({ outDir: path.join(dir, 'out'), model, pcfOutputDirs: [], webResources: [], ribbons: {} });

function withTable(model: SolutionModel, table: TableDef): SolutionModel {
  return { ...model, tables: model.tables.map((t) => (t.logicalName === table.logicalName ? table : t)) };
}

describe('the build refuses a broken model', () => {
  it('a column defined twice', async () => {
    const base = defaultModel();
    const provider = {
      ...Tables.provider,
      columns: [...Tables.provider.columns, col.string(Tables.provider.col.name, 'Name again', 100)],
    };
    await expect(build(withTable(base, provider))).rejects.toMatchObject({
      code: SolutionErrorCodes.SchemaInvalid,
      message: expect.stringContaining(
        `Column '${Tables.provider.col.name}' is defined twice in table '${Tables.provider.logicalName}'`,
      ),
    });
    await expect(fs.access(path.join(dir, 'out'))).rejects.toThrow();
  });

  it('an alternate key on the secured password column', async () => {
    const provider = {
      ...Tables.provider,
      keys: [
        { logicalName: 'w365_provider_password', displayName: 'Password', columns: [Tables.provider.col.password] },
      ],
    };
    await expect(build(withTable(defaultModel(), provider))).rejects.toMatchObject({
      code: SolutionErrorCodes.SchemaInvalid,
      message: expect.stringContaining("uses secured column 'w365_password'"),
    });
  });

  it('a form showing a column its table does not have, and a view ordering by one', async () => {
    const base = defaultModel();
    const form: FormDef = {
      ...base.forms[0],
      key: 'broken.main',
      tabs: [
        {
          name: 'general',
          label: 'General',
          sections: [{ name: 'general', label: 'General', cells: [{ kind: 'field', column: 'w365_nosuchcolumn' }] }],
        },
      ],
    };
    const view = { ...base.views[0], key: 'broken.view', orders: [{ column: 'w365_nosuchorder', descending: false }] };
    await expect(build({ ...base, forms: [...base.forms, form], views: [...base.views, view] })).rejects.toMatchObject({
      code: SolutionErrorCodes.UiInvalid,
      message: expect.stringMatching(
        /Form 'broken\.main' section 'general' shows unknown column 'w365_nosuchcolumn'[\s\S]*View 'broken\.view' uses unknown column 'w365_nosuchorder'/,
      ),
    });
  });

  it('a subgrid through a lookup that does not point at the form table', async () => {
    const base = defaultModel();
    const form: FormDef = {
      ...base.forms[0],
      key: 'wrongsubgrid.main',
      tabs: [
        {
          name: 'general',
          label: 'General',
          sections: [
            {
              name: 's',
              label: 'S',
              cells: [
                {
                  kind: 'subgrid',
                  id: 'jobs',
                  label: 'Jobs',
                  table: Tables.syncJob,
                  lookup: Tables.syncJob.col.billingContract,
                },
              ],
            },
          ],
        },
      ],
    };
    await expect(build({ ...base, forms: [form] })).rejects.toMatchObject({
      code: SolutionErrorCodes.UiInvalid,
      message: expect.stringContaining(
        `lookup '${Tables.syncJob.col.billingContract}' does not point at '${base.forms[0].table.logicalName}'`,
      ),
    });
  });
});
