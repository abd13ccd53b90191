/** Bytes of a feature-cache key (a SHA-1 digest). */
export const KEY_BYTES = 20;

const EMPTY = 0;

/**
 * Where each stored row lives, by its 20-byte key: an open-addressing hash table in typed arrays (28 bytes
 * a slot, nothing for the garbage collector to trace). A Map of hex strings cost about 110 bytes of JS heap
 * a row plus collector slack, which grew a 1.3M-image run's memory by hundreds of MB.
 */
export class KeyIndex {
  private keys: Uint8Array;
  /** Chunk number + 1 of each slot; 0 marks an empty slot. */
  private chunks: Uint32Array;
  private rows: Uint32Array;
  private count = 0;

  constructor(capacity = 1024) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Uint8Array(slots * KEY_BYTES);
    this.chunks = new Uint32Array(slots);
    this.rows = new Uint32Array(slots);
  }

  get size(): number {
    return this.count;
  }

  /** The chunk number and row of a key, or undefined. */
  get(key: Uint8Array): { readonly chunk: number; readonly row: number } | undefined {
    const slot = this.find(key);
    return this.chunks[slot] === EMPTY ? undefined : { chunk: this.chunks[slot]! - 1, row: this.rows[slot]! };
  }

  has(key: Uint8Array): boolean {
    return this.chunks[this.find(key)] !== EMPTY;
  }

  /** Records (or moves) a key's row. */
  set(key: Uint8Array, chunk: number, row: number): void {
    if (key.length !== KEY_BYTES) throw new Error(`feature cache keys are ${KEY_BYTES} bytes, got ${key.length}`);
    if ((this.count + 1) * 2 > this.chunks.length) this.grow();
    const slot = this.find(key);
    if (this.chunks[slot] === EMPTY) {
      this.keys.set(key, slot * KEY_BYTES);
      this.count++;
    }
    this.chunks[slot] = chunk + 1;
    this.rows[slot] = row;
  }

  clear(): void {
    this.chunks.fill(EMPTY);
    this.count = 0;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing; the table is at most half full). */
  private find(key: Uint8Array): number {
    const mask = this.chunks.length - 1;
    // SHA-1 bytes are uniform: the first four are a good hash on their own.
    let slot = ((key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24)) >>> 0) & mask;
    for (;;) {
      if (this.chunks[slot] === EMPTY || this.matches(slot, key)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private matches(slot: number, key: Uint8Array): boolean {
    const base = slot * KEY_BYTES;
    for (let i = 0; i < KEY_BYTES; i++) if (this.keys[base + i] !== key[i]) return false;
    return true;
  }

  private grow(): void {
    const { keys, chunks, rows } = this;
    const slots = chunks.length * 2;
    this.keys = new Uint8Array(slots * KEY_BYTES);
    this.chunks = new Uint32Array(slots);
    this.rows = new Uint32Array(slots);
    this.count = 0;
    for (let s = 0; s < chunks.length; s++) {
      if (chunks[s] !== EMPTY) this.set(keys.subarray(s * KEY_BYTES, (s + 1) * KEY_BYTES), chunks[s]! - 1, rows[s]!);
    }
  }
}
