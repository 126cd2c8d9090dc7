/**
 * Internet domains as automap evidence: extracting one from a website URL, an e-mail address or a
 * bare domain, recognising mailbox providers shared by millions of unrelated people (a match on
 * gmail.com proves nothing), and the "brand" label used to tell related domains (contoso.com,
 * contoso.com.au) from unrelated ones.
 */

/**
 * Mailbox and ISP domains that many unrelated customers use for their contact e-mail. A CRM account
 * whose emailaddress1 is on one of these says nothing about which company it is.
 *
 * Hand-written: the maintained npm lists (e.g. free-email-domains) cannot be added here (package.json
 * is shared), and the ones that matter for our market (ANZ ISPs such as bigpond, optusnet) are few.
 */
const GENERIC_MAILBOX_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'passport.com',
  'yahoo.com',
  'ymail.com',
  'rocketmail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aim.com',
  'protonmail.com',
  'protonmail.ch',
  'proton.me',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'email.com',
  'zoho.com',
  'zohomail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'fastmail.com',
  'fastmail.fm',
  'hey.com',
  'tutanota.com',
  'tuta.io',
  'hushmail.com',
  // Australia and New Zealand ISPs
  'bigpond.com',
  'bigpond.net.au',
  'bigpond.com.au',
  'telstra.com',
  'optusnet.com.au',
  'optus.com.au',
  'iinet.net.au',
  'westnet.com.au',
  'tpg.com.au',
  'internode.on.net',
  'dodo.com.au',
  'adam.com.au',
  'aapt.net.au',
  'ozemail.com.au',
  'netspace.net.au',
  'xtra.co.nz',
  'slingshot.co.nz',
  'orcon.net.nz',
  'clear.net.nz',
  'paradise.net.nz',
  'vodafone.co.nz',
  'spark.co.nz',
  // United Kingdom and Ireland ISPs
  'btinternet.com',
  'btopenworld.com',
  'sky.com',
  'virginmedia.com',
  'ntlworld.com',
  'talktalk.net',
  'blueyonder.co.uk',
  'tiscali.co.uk',
  'eircom.net',
  // North America ISPs
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'bellsouth.net',
  'cox.net',
  'charter.net',
  'shaw.ca',
  'rogers.com',
  'sympatico.ca',
  // Microsoft's shared tenant root: "onmicrosoft.com" alone is nobody's domain (x.onmicrosoft.com is).
  'onmicrosoft.com',
]);

/** Providers that run the same mailbox under many country domains (yahoo.co.uk, hotmail.fr, outlook.com.au). */
const GENERIC_MAILBOX_BRANDS: ReadonlySet<string> = new Set([
  'gmail',
  'googlemail',
  'hotmail',
  'outlook',
  'live',
  'yahoo',
  'ymail',
  'aol',
  'gmx',
  'icloud',
  'protonmail',
  'yandex',
]);

/** Second-level labels under a country code that are not the owner's name (contoso.com.au, contoso.co.uk). */
const GENERIC_SECOND_LEVEL_LABELS: ReadonlySet<string> = new Set([
  'com',
  'net',
  'org',
  'co',
  'edu',
  'gov',
  'ac',
  'asn',
  'id',
  'ltd',
  'plc',
  'biz',
  'info',
  'nom',
  'or',
  'ne',
  'gen',
  'geek',
  'kiwi',
]);

/** Hosting platforms whose customers get a sub-domain: the owner is the label before them. */
const SHARED_PLATFORM_SUFFIXES: readonly string[] = [
  'onmicrosoft.com',
  'sharepoint.com',
  'wixsite.com',
  'myshopify.com',
  'squarespace.com',
  'wordpress.com',
  'blogspot.com',
  'business.site',
  'github.io',
  'azurewebsites.net',
];

/** "contoso.com", "https://www.contoso.com/about?x", "http://contoso.com:8080": an ASCII host, optional scheme, port and path. */
const PLAIN_ASCII_URL = /^(?:https?:\/\/)?([A-Za-z0-9.-]+)(?::\d{1,5})?(?:[/?#][\x21-\x7e]*)?$/;
/**
 * A public host name in lower case, captured without "www." and a trailing dot: labels of letters,
 * digits and inner hyphens (63 at most), at least two, the last alphabetic or punycode ("xn--...").
 */
const HOST = /^(?:www\d*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}))\.?$/;

/**
 * The domain of a website URL ("https://www.Contoso.com/about"), an e-mail address
 * ("Jane <jane@contoso.com>", "mailto:jane@contoso.com") or a bare domain ("contoso.com"): lower
 * case, without a leading "www." and trailing dot, international names in their punycode form.
 * Undefined when there is no plausible public domain (empty, "n/a", an IP address, "localhost").
 */
export function domainOf(urlOrEmailOrDomain: string): string | undefined {
  const text = urlOrEmailOrDomain.trim();
  if (text === '') return undefined;
  let candidate = text;
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    // An e-mail address, possibly "Name <address>" or "mailto:address?subject=...".
    const match = /^[^\s<>@?]+/.exec(text.slice(at + 1));
    if (!match) return undefined;
    candidate = match[0];
  }
  let host: string;
  const plain = PLAIN_ASCII_URL.exec(candidate);
  if (plain) {
    host = plain[1].toLowerCase(); // the common cases, without the cost of a URL parse
  } else {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) candidate = `http://${candidate}`;
    try {
      // WHATWG URL parsing lower-cases, converts international names to punycode and drops ports and paths.
      host = new URL(candidate).hostname;
    } catch {
      return undefined;
    }
  }
  const valid = HOST.exec(host);
  return valid ? valid[1] : undefined;
}

/** True for mailbox providers and ISPs whose domain is shared by unrelated customers (gmail.com, yahoo.co.uk). */
export function isGenericMailboxDomain(domain: string): boolean {
  if (GENERIC_MAILBOX_DOMAINS.has(domain)) return true;
  if (!GENERIC_MAILBOX_BRANDS.has(domain.slice(0, domain.indexOf('.')))) return false;
  const labels = domain.split('.');
  // yahoo.co.uk, hotmail.fr, outlook.com.au: a known mailbox brand followed only by public suffix labels.
  if (labels.length >= 2 && labels.length <= 3) {
    return labels.slice(1).every((label) => label.length === 2 || GENERIC_SECOND_LEVEL_LABELS.has(label));
  }
  return false;
}

/**
 * The label that names the owner of a domain: "contoso" for contoso.com, contoso.com.au,
 * mail.contoso.co.uk and contoso.onmicrosoft.com. Approximate (no public suffix list): used only to
 * decide that two domains plainly belong to different owners, never to declare a match.
 */
export function domainBrand(domain: string): string {
  for (const suffix of SHARED_PLATFORM_SUFFIXES) {
    if (domain.endsWith(`.${suffix}`)) {
      const rest = domain.slice(0, -suffix.length - 1).split('.');
      return rest[rest.length - 1];
    }
  }
  const labels = domain.split('.');
  let i = labels.length - 1;
  // Skip the top-level label and public second-level labels (com.au, co.uk) from the right.
  // A two-letter label is public only right under a country code (co.uk, ac.nz); mail.hp.com belongs to "hp".
  const last = labels.length - 1;
  const underCountryCode = labels[last].length === 2;
  const isPublic = (j: number) =>
    j === last ||
    (j === last - 1 && underCountryCode && (labels[j].length === 2 || GENERIC_SECOND_LEVEL_LABELS.has(labels[j])));
  while (i > 0 && isPublic(i)) i--;
  return labels[i];
}
