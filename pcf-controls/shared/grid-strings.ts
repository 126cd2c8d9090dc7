/**
 * The .resx keys the shared grid code (mapping-controller.ts, mapping-toolbar.ts, mapping-columns.ts)
 * reads. Each control's strings-keys.ts starts its list with these, so its StringKey covers them and
 * the test that checks every key against the control's .resx checks these too.
 */
export const GRID_STRING_KEYS = [
  'Grid_Label',
  'Loading',
  'Load_Failed',
  'Empty',
  'Col_Status',
  'Col_Actions',
  'Filter_Label',
  'Filter_All',
  'Filter_Unsaved',
  'Filter_Attention',
  'Count_Label',
  'Search_Label',
  'Search_Placeholder',
  'Shown',
  'Save_Button',
  'Saving',
  'Save_Result',
  'Save_Nothing',
  'Choose_Button',
  'Change_Button',
  'Choose_Label',
  'Unmap_Button',
  'Unmap_Label',
  'Undo_Button',
  'Undo_Label',
  'Open_Label',
  'Unsaved',
  'Conflict_Message',
  'Conflict_Theirs',
  'Conflict_Mine',
  'Failed_Message',
  'Picker_Searching',
  'Picker_NoResults',
  'Picker_Type',
  'Picker_Failed',
  'Picker_Close',
] as const;

export type GridStringKey = (typeof GRID_STRING_KEYS)[number];
