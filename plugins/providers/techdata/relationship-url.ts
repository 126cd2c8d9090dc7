/**
 * Shape check of the "TechData Reseller Relationship URL": the Microsoft link a customer opens to accept
 * TechData as its indirect provider (distributor-apis.md §4). The template is
 *   https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship
 *     &partnerId={reseller tenant GUID}&msppId={reseller Partner ID}&indirectCSPId={TechData tenant GUID}&DAP={true|false}
 *     #/BillingAccounts/partner-invitation
 * Parameter names are [C] (several independent codebases). What is checked beyond them is deliberately
 * loose, because a rejected real link would block the partner: hosts and fragments vary across link
 * generations, and only the parameter meanings below are known.
 */
import { GUID } from '../common/records';
import { Validation } from './strings';

/**
 * Hosts of the invitation page. admin.microsoft.com is the current one [C]; older links used
 * businessstore.microsoft.com/manage/partner-invitation [C]. Any other Microsoft host is a guess we do
 * not accept [I].
 */
const ACCEPTED_HOSTS = new Set(['admin.microsoft.com', 'businessstore.microsoft.com']);

/** Query parameters are matched case-insensitively by name: links are pasted from e-mails and portals. */
function param(url: URL, name: string): string | undefined {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v.trim();
  return undefined;
}

/** A message saying what is wrong with a relationship link, or undefined when its shape is plausible. */
export function checkResellerRelationshipUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return Validation.relationshipHost;
  }
  if (url.protocol !== 'https:' || !ACCEPTED_HOSTS.has(url.hostname.toLowerCase())) return Validation.relationshipHost;
  // The indirect variant is the one that names a distributor; the direct variant
  // (invType=ResellerRelationship, msppId=0) would make the partner the direct reseller instead [C].
  if (param(url, 'invType')?.toLowerCase() !== 'indirectresellerrelationship') return Validation.relationshipInvType;
  // partnerId = the indirect reseller's tenant GUID: [I], strongly implied by the public generators.
  const partnerId = param(url, 'partnerId');
  if (!partnerId || !GUID.test(partnerId)) return Validation.relationshipPartnerId;
  // msppId = the reseller's Partner ID (ex-MPN id), numeric [C-3p]; 0 belongs to the direct variant.
  const msppId = param(url, 'msppId');
  if (!msppId || !/^\d{1,12}$/.test(msppId) || /^0+$/.test(msppId)) return Validation.relationshipMsppId;
  // indirectCSPId = the distributor's tenant id [C-3p]. Not every generator appends it (CIPP does), so
  // it is optional here [I]; when present it must be a GUID.
  const indirectCspId = param(url, 'indirectCSPId');
  if (indirectCspId !== undefined && !GUID.test(indirectCspId)) return Validation.relationshipIndirectCspId;
  const dap = param(url, 'DAP');
  if (dap !== undefined && !/^(true|false)$/i.test(dap)) return Validation.relationshipDap;
  return undefined;
}
