/// <reference types="xrm" />
/**
 * Reading the record a command runs on, from what the ribbon passes: `PrimaryControl` is the form
 * context on a form and the grid control on a list [C] (pass-data-page-parameter-ribbon-actions.md).
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `{6F3A...}` (how forms and grids hand out ids) -> `6f3a...`; anything that is not a GUID -> undefined. */
export function normaliseId(id: string | null | undefined): string | undefined {
  const bare = (id ?? '').replace(/[{}]/g, '').trim().toLowerCase();
  return GUID.test(bare) ? bare : undefined;
}

export function isFormContext(control: unknown): control is Xrm.FormContext {
  const c = control as Partial<Xrm.FormContext> | null | undefined;
  return !!c && typeof c === 'object' && !!c.data && !!c.data.entity && typeof c.data.entity.getId === 'function';
}

export interface FormRecord {
  /** Undefined while the record has never been saved. */
  readonly id?: string;
  /** Unsaved changes: a job would run on what Dataverse holds, not on what the form shows. */
  readonly dirty: boolean;
}

export function formRecord(form: Xrm.FormContext): FormRecord {
  return { id: normaliseId(form.data.entity.getId()), dirty: form.data.entity.getIsDirty() };
}

export function attributeValue<T>(form: Xrm.FormContext, logicalName: string): T | null {
  const attribute = form.getAttribute(logicalName) as Xrm.Attributes.Attribute | null;
  return attribute ? (attribute.getValue() as T | null) : null;
}

/** The first id of a lookup attribute's value, normalised. */
export function lookupValue(form: Xrm.FormContext, logicalName: string): { id: string; name: string } | undefined {
  const value = attributeValue<Xrm.LookupValue[]>(form, logicalName);
  const first = value && value[0];
  const id = first ? normaliseId(first.id) : undefined;
  return first && id ? { id, name: first.name ?? '' } : undefined;
}

/**
 * Re-reads the form (what the job wrote: connectivity status, last sync times) and every subgrid on it
 * (provider accounts, subscriptions, sync jobs), or the list when the command ran from a grid.
 */
export async function refreshAfterJob(primaryControl: unknown): Promise<void> {
  if (isFormContext(primaryControl)) {
    await primaryControl.data.refresh(false);
    for (const control of primaryControl.ui.controls.get()) {
      if (control.getControlType() === 'subgrid') (control as Xrm.Controls.GridControl).refresh();
    }
    return;
  }
  const grid = primaryControl as Partial<Xrm.Controls.GridControl> | null | undefined;
  if (grid && typeof grid.refresh === 'function') grid.refresh();
}
