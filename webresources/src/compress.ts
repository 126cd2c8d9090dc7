/**
 * Gzip for a large invoice file before it becomes a note: a note's document is capped by the
 * organisation's attachment size (5,120 KB by default [I]), and a 60,000-line invoice is about 10 MB
 * of CSV that compresses about tenfold. The service unpacks a gzip document by its magic bytes
 * (plugins/sync/invoice-import/attachment.ts). The browser's own CompressionStream does the work; where
 * a browser lacks it, the file goes up as it is.
 */

/** Files up to this size go up as they are (gzip would save little and cost a step). */
export const GZIP_ABOVE_BYTES = 1024 * 1024;

export type Gzip = (bytes: Uint8Array) => Promise<Uint8Array>;

/** The browser's gzip, or undefined where CompressionStream is missing. */
export function browserGzip(): Gzip | undefined {
  if (typeof CompressionStream !== 'function') return undefined;
  return async (bytes) => {
    const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...Array.from(bytes.subarray(i, i + 0x8000)));
  return btoa(binary);
}
