/**
 * The app's site map (`<AppModuleSiteMaps><AppModuleSiteMap>`, root component type 62). The element
 * order is the 9.0 XSD's (SiteMapUniqueName, SiteMapName, SiteMap, LocalizedNames); newer exports add
 * EnableCollapsibleGroups/ShowHome/ShowPinned/ShowRecents, which that XSD does not know, so we leave
 * them at their defaults [I].
 */
import type { AppDef } from '../ui';
import { localizedNames, LANGUAGE_CODE } from './labels';
import { el, leaf, type XmlElement } from './xml';

/** Site map elements carry the version of the site map schema, not ours [C] (exports write 7.0.0.0). */
const SITEMAP_VERSION = '7.0.0.0';

const titles = (title: string) => el('Titles', {}, [el('Title', { LCID: LANGUAGE_CODE, Title: title })]);

export function siteMapXml(app: AppDef): XmlElement {
  return el('AppModuleSiteMap', {}, [
    leaf('SiteMapUniqueName', app.siteMapUniqueName),
    leaf('SiteMapName', app.displayName),
    el(
      'SiteMap',
      { IntroducedVersion: SITEMAP_VERSION },
      app.areas.map((area) =>
        el('Area', { Id: area.id, ShowGroups: 'true', IntroducedVersion: SITEMAP_VERSION }, [
          titles(area.title),
          ...area.groups.map((group) =>
            el('Group', { Id: group.id, IsProfile: 'false', IntroducedVersion: SITEMAP_VERSION }, [
              titles(group.title),
              ...group.subAreas.map((sub) =>
                el(
                  'SubArea',
                  {
                    Id: sub.id,
                    Entity: sub.table.logicalName,
                    AvailableOffline: 'true',
                    PassParams: 'false',
                    IntroducedVersion: SITEMAP_VERSION,
                  },
                  [titles(sub.title)],
                ),
              ),
            ]),
          ),
        ]),
      ),
    ),
    localizedNames(app.displayName),
  ]);
}

export function siteMapsXml(app: AppDef): XmlElement {
  return el('AppModuleSiteMaps', {}, [siteMapXml(app)]);
}
