import { GRID_STRING_KEYS } from '../../shared/grid-strings';

/**
 * Keys of strings/AccountMappingGrid.1033.resx the code uses (a test checks each
 * one is in the file): the shared grid code's keys, then the control's own.
 */
export const STRING_KEYS = [
  ...GRID_STRING_KEYS,
  'Loaded',
  'Col_ProviderAccount',
  'Col_TenantOrDomain',
  'Col_CrmAccount',
  'Col_Suggestion',
  'Status_NotSetup',
  'Status_Suggested',
  'Status_Mapped',
  'Status_Excluded',
  'AcceptExact_Button',
  'AcceptExact_Result',
  'AcceptExact_Shared',
  'AcceptExact_Held',
  'AcceptSelected_Button',
  'ExcludeSelected_Button',
  'Accept_Button',
  'Accept_Label',
  'Exclude_Button',
  'Include_Button',
  'Score',
  'Removed',
  'Refused_Held',
  'Held_Warning',
  'Mapped_Announce',
  'Excluded_Announce',
  'Excluded_Many',
  'Cleared_Announce',
  'Failed_Duplicate',
  'Picker_Label',
  'Picker_Title',
] as const;

export type StringKey = (typeof STRING_KEYS)[number];
