/**
 * Every word the app shell's server answers a caller with when it refuses a request (the page's own
 * words are in ../strings.ts). The codes are in docs/error-codes.md.
 */
export const ServerErrorCodes = {
  HostRefused: 'EMULATOR_APP_SHELL_HOST_REFUSED',
  CrossSite: 'EMULATOR_APP_SHELL_CROSS_SITE',
  SimpleBody: 'EMULATOR_APP_SHELL_SIMPLE_BODY',
  SecuredColumn: 'EMULATOR_APP_SHELL_SECURED_COLUMN',
} as const;

export const ServerStrings = {
  hostRefused: (host: string) =>
    `The app shell answers only at localhost, 127.0.0.1 or the address it listens on, with its port; not at '${host.slice(0, 100)}'.`,
  crossSite: 'The app shell accepts changes only from its own pages (same origin).',
  simpleBody:
    'The Web API takes JSON (or a $batch) here; text/plain and form bodies are refused, as a browser would send them cross-site without asking.',
  securedColumn: (column: string) =>
    `The app shell does not pass requests that name the secured column ${column}: it cannot be read, filtered, sorted or expanded from here.`,
  notWebApiPath: 'Not a Web API path.',
  unreachable: (why: string) => `The local Dataverse could not be reached: ${why}`,
} as const;
