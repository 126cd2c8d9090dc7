import { GRID_STRING_KEYS } from '../../shared/grid-strings';

/**
 * Keys of strings/ProductMappingGrid.1033.resx the code uses (a test checks each
 * one is in the file): the shared grid code's keys, then the control's own.
 */
export const STRING_KEYS = [
  ...GRID_STRING_KEYS,
  'Loaded',
  'Help',
  'Col_Sku',
  'Col_Description',
  'Col_Price',
  'Col_Product',
  'Status_NotMapped',
  'Status_Mapped',
  'Create_Button',
  'Create_Label',
  'Mapped_Announce',
  'Unmapped_Announce',
  'Picker_Label',
  'Picker_Create',
  'Dialog_Title',
  'Dialog_Intro',
  'Field_Name',
  'Field_ProductNumber',
  'Field_PartNumber',
  'Field_Price',
  'Field_Cost',
  'Field_UnitGroup',
  'Field_Unit',
  'Field_Decimals',
  'Choose_Option',
  'Problem_required',
  'Problem_tooLong',
  'Problem_notANumber',
  'Problem_negative',
  'Problem_decimalsRange',
  'Dialog_Create',
  'Dialog_Cancel',
  'Dialog_Working',
  'Created_Announce',
  'Create_Failed',
  'Created_NotMapped',
] as const;

export type StringKey = (typeof STRING_KEYS)[number];
