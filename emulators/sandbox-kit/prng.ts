/**
 * Deterministic randomness for the sandboxes: the same seed gives the same data on every machine.
 * pure-rand's xoroshiro128+ does the generating; this only adds the handful of draws the generator
 * needs. Never Math.random.
 */
import { createHash } from 'node:crypto';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

const FLOAT_STEPS = 2 ** 30;

/** A 32-bit seed from any text or number (sha256, so nearby seeds give unrelated streams). */
export function seedOf(seed: string | number, salt = ''): number {
  return createHash('sha256').update(`${seed}\u0000${salt}`).digest().readInt32LE(0);
}

export class SeededRandom {
  private readonly rng: RandomGenerator;

  constructor(seed: string | number, salt = '') {
    this.rng = xoroshiro128plus(seedOf(seed, salt));
  }

  /** Whole number in [from, to], both included. */
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.rng);
  }

  /** In [0, 1). */
  float(): number {
    return this.int(0, FLOAT_STEPS - 1) / FLOAT_STEPS;
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  /** Whole number in [from, to], log-uniform (mostly small, sometimes large, as seat counts are); one draw. */
  logUniformInt(from: number, to: number): number {
    const n = Math.floor(Math.exp(Math.log(from) + this.float() * (Math.log(to + 1) - Math.log(from))));
    return Math.max(from, Math.min(to, n));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Pick by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let x = this.float() * total;
    for (const [value, weight] of choices) {
      x -= weight;
      if (x < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.int(0, 0xffff).toString(16).padStart(4, '0');
    return out.slice(0, length);
  }

  /** A version-4-shaped GUID (lower case), as tenant and subscription ids look. */
  guid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(0, 3)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
