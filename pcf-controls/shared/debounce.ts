/**
 * Trailing debounce with cancel: the picker searches the server only when the person pauses typing,
 * and a destroyed control cancels the pending call instead of querying after it is gone.
 */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitInMs: number): Debounced<A> {
  let timer: number | undefined;
  const debounced = ((...args: A) => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, waitInMs);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
