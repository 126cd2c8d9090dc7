/** odata-csdl ships JavaScript only; the one function the tests call. */
declare module 'odata-csdl' {
  export function xml2json(xml: string, options?: { strict?: boolean; lineNumbers?: boolean }): Record<string, unknown>;
}
