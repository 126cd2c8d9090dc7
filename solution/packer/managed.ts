/**
 * Managed properties: what a customer may change after importing the managed solution. The unmanaged
 * zip is for our own development environments, where everything stays editable; the managed zip is what
 * admins import, and there we lock what the sync service depends on:
 * - alternate keys (every upsert addresses rows by them) and relationships cannot be changed;
 * - field security on a secured column cannot be switched off (the provider secret must stay secret);
 * - a column's requirement level and our choices' options are part of the contract with the service;
 * - our default views and forms cannot be deleted (subgrids and the app point at them), but may be
 *   customised; customers may still add columns, forms and views to our tables.
 * Dataverse writes the same flags into exports of both kinds; only their values differ. [I] for the
 * exact set a managed ISV solution should lock: this is our product decision, not a platform rule.
 */
export interface ManagedPolicy {
  readonly managed: boolean;
  readonly entityCustomizable: boolean;
  readonly entityRenameable: boolean;
  readonly attributeCustomizable: boolean;
  readonly attributeRenameable: boolean;
  readonly canModifyRequirementLevel: boolean;
  /** For secured columns only: may the customer turn field security off? */
  readonly canModifySecuredColumnSecurity: boolean;
  readonly keyCustomizable: boolean;
  readonly relationshipCustomizable: boolean;
  readonly optionSetCustomizable: boolean;
  readonly formCustomizable: boolean;
  readonly formCanBeDeleted: boolean;
  readonly viewCustomizable: boolean;
  readonly viewCanBeDeleted: boolean;
  readonly roleCustomizable: boolean;
  readonly webResourceCustomizable: boolean;
}

export function managedPolicy(managed: boolean): ManagedPolicy {
  if (!managed) {
    return {
      managed,
      entityCustomizable: true,
      entityRenameable: true,
      attributeCustomizable: true,
      attributeRenameable: true,
      canModifyRequirementLevel: true,
      canModifySecuredColumnSecurity: true,
      keyCustomizable: true,
      relationshipCustomizable: true,
      optionSetCustomizable: true,
      formCustomizable: true,
      formCanBeDeleted: true,
      viewCustomizable: true,
      viewCanBeDeleted: true,
      roleCustomizable: true,
      webResourceCustomizable: true,
    };
  }
  return {
    managed,
    entityCustomizable: true,
    entityRenameable: false,
    attributeCustomizable: true,
    attributeRenameable: false,
    canModifyRequirementLevel: false,
    canModifySecuredColumnSecurity: false,
    keyCustomizable: false,
    relationshipCustomizable: false,
    optionSetCustomizable: false,
    formCustomizable: true,
    formCanBeDeleted: false,
    viewCustomizable: true,
    viewCanBeDeleted: false,
    roleCustomizable: false,
    webResourceCustomizable: false,
  };
}
