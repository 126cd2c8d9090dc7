/**
 * The solution's identity and version, in one place. The packer stamps SOLUTION_VERSION into
 * solution.xml, into every component's IntroducedVersion and into the zip names
 * (`Work365ProviderSync_1_0_0_0_managed.zip`). Raise it for every release an admin imports: Dataverse
 * refuses to import a managed solution over a higher version of itself.
 */

/** Four-part version (major.minor.build.revision), the form Dataverse exports use. */
export const SOLUTION_VERSION = '1.0.0.0';

/** Solution unique name: letters and digits only, as Dataverse requires, and the zips' name stem. */
export const SOLUTION_UNIQUE_NAME = 'Work365ProviderSync';

export const SOLUTION_DISPLAY_NAME = 'Work 365 Provider Sync';

export const SOLUTION_DESCRIPTION =
  'Syncs distributor (TD SYNNEX / TechData, Dicker Data) customers and licence subscriptions into Dynamics 365.';
