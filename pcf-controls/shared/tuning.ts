/**
 * Tuning numbers both mapping grids use (mapping-controller.ts); what differs per control (the grid
 * height when the platform gives none) stays in its ManifestConstants.ts.
 */

/** Row height of the virtualised grid; fixed so that visible rows are arithmetic, not measured. */
export const ROW_HEIGHT_IN_PX = 48;
export const OVERSCAN_ROWS = 3;
/** Pause in typing before the picker (CRM accounts, products) queries the server. */
export const SEARCH_DEBOUNCE_IN_MS = 250;
export const SEARCH_MIN_CHARS = 1;
export const SEARCH_RESULTS = 25;
/** Writes in flight while saving (see concurrency.ts for why bounded). */
export const SAVE_CONCURRENCY = 4;
