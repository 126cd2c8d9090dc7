/**
 * Reading and checking declared provider properties, the same way for every connector: where a value
 * lives on the Provider row, what is missing or invalid (every problem at once, so the user fixes them
 * in one go), and the URL and currency checks that are not about one distributor.
 */
import { isLoopbackHost } from '../../shared/url-guard';
import type { ConfigProblem, ConnectorPropertyDecl, ProviderConfig } from '../types';
import { PropertyMessages } from './strings';

/** A property's value as entered (trimmed); Additional Property names match case-insensitively. */
export function readDeclared(config: ProviderConfig, decl: ConnectorPropertyDecl): string | undefined {
  let raw: string | undefined;
  if (decl.source === 'userName') raw = config.userName;
  else if (decl.source === 'password') raw = config.password;
  else if (decl.source === 'endpointUrl') raw = config.endpointUrl;
  else {
    const wanted = decl.name.trim().toLowerCase();
    const key = Object.keys(config.properties).find((k) => k.trim().toLowerCase() === wanted);
    raw = key === undefined ? undefined : config.properties[key];
  }
  const value = raw?.trim();
  return value ? value : undefined;
}

/** Every problem of `config` against the declared properties (a missing required value, or an invalid one), in declaration order. */
export function validateDeclared(decls: readonly ConnectorPropertyDecl[], config: ProviderConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const decl of decls) {
    const value = readDeclared(config, decl);
    if (value === undefined) {
      if (decl.required)
        problems.push({
          field: decl.label,
          code: 'PROVIDER_PROPERTY_MISSING',
          message: PropertyMessages.missing(decl.label, decl.source === 'property'),
        });
      continue;
    }
    const message = decl.validate?.(value);
    if (message) problems.push({ field: decl.label, code: 'PROVIDER_PROPERTY_INVALID', message });
  }
  return problems;
}

/** The value of the property labelled `label` (as readDeclared reads it), for building a settings object. */
export function declaredValues(
  decls: readonly ConnectorPropertyDecl[],
  config: ProviderConfig,
): (label: string) => string | undefined {
  return (label) => {
    const decl = decls.find((d) => d.label === label);
    return decl ? readDeclared(config, decl) : undefined;
  };
}

/**
 * https, or http to this machine (a local sandbox). The HTTP client's URL policy decides at send time
 * whether loopback is allowed at all; this only rejects what can never be right.
 */
export function checkServiceUrl(label: string, value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return PropertyMessages.notUrl(label);
  }
  if (url.username || url.password) return PropertyMessages.urlHasCredentials(label);
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return PropertyMessages.notHttps(label);
}

/**
 * A service URL that is the host only (no path, query or fragment), for connectors that add their fixed
 * paths themselves. `messages` say so in the distributor's words.
 */
export function checkHostOnly(
  label: string,
  value: string,
  messages: { endpointHasQuery: string; endpointHasPath: (path: string) => string },
): string | undefined {
  const shape = checkServiceUrl(label, value);
  if (shape) return shape;
  const url = new URL(value);
  if (url.search || url.hash) return messages.endpointHasQuery;
  if (url.pathname !== '/' && url.pathname !== '') return messages.endpointHasPath(url.pathname);
  return undefined;
}

/** ISO 4217, checked against the currencies ICU knows (Intl), so that a typo such as 'EUD' is caught. */
export function checkCurrencyCode(value: string): string | undefined {
  if (!/^[A-Za-z]{3}$/.test(value)) return PropertyMessages.currencyFormat;
  const code = value.toUpperCase();
  return Intl.supportedValuesOf('currency').includes(code) ? undefined : PropertyMessages.currencyUnknown(code);
}

/**
 * Whether a value can be an opaque token as distributors issue them: at least 16 characters without
 * white space. Their formats are not documented [?]; this only refuses what cannot be one.
 */
export function looksLikeToken(value: string): boolean {
  return value.length >= 16 && !/\s/.test(value);
}
