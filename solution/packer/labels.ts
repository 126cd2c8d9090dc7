/**
 * The localised-label shapes customizations.xml repeats everywhere. We ship English (1033) only; a
 * second language would add one more child to each of these, and one `<Language>` element.
 */
import { el, type XmlElement } from './xml';

export const LANGUAGE_CODE = 1033;

const one = (wrapper: string, item: string, description: string): XmlElement =>
  el(wrapper, {}, [el(item, { description, languagecode: LANGUAGE_CODE })]);

/** `<displaynames><displayname description=".." languagecode="1033" /></displaynames>` */
export const displayNames = (label: string): XmlElement => one('displaynames', 'displayname', label);
/** `<Descriptions><Description .../></Descriptions>` */
export const descriptions = (text: string): XmlElement => one('Descriptions', 'Description', text);
/** `<LocalizedNames><LocalizedName .../></LocalizedNames>` */
export const localizedNames = (label: string): XmlElement => one('LocalizedNames', 'LocalizedName', label);
/** `<LocalizedCollectionNames><LocalizedCollectionName .../></LocalizedCollectionNames>` */
export const localizedCollectionNames = (label: string): XmlElement =>
  one('LocalizedCollectionNames', 'LocalizedCollectionName', label);
/** `<labels><label .../></labels>` (forms, options) */
export const labels = (label: string): XmlElement => one('labels', 'label', label);
