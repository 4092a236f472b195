/**
 * Which sequence numbers of one sender one recipient has seen, over the latest `size` of them: a sliding bitmap
 * (no hashing, no allocation per receipt), since a member sees a sender's messages in nearly increasing order.
 */
export class SeenWindow {
  private readonly bits: Uint8Array;
  private readonly mask: number;
  /** The lowest sequence the window still covers. */
  private base = 0;

  /** `size`: a power of two, at least 8. */
  constructor(private readonly size = 4096) {
    if (size < 8 || (size & (size - 1)) !== 0) throw new Error(`SeenWindow: size ${size} is not a power of two >= 8`);
    this.bits = new Uint8Array(size / 8);
    this.mask = size - 1;
  }

  /** Marks `seq` seen; false when it was already (a duplicate). A sequence older than the window counts as new. */
  mark(seq: number): boolean {
    if (seq < this.base) return true;
    if (seq >= this.base + this.size) this.slide(seq - this.size + 1);
    const slot = seq & this.mask;
    const byte = slot >> 3;
    const bit = 1 << (slot & 7);
    if (this.bits[byte] & bit) return false;
    this.bits[byte] |= bit;
    return true;
  }

  /** Moves the window's start to `base`, forgetting the sequences that leave it. */
  private slide(base: number): void {
    if (base - this.base >= this.size) this.bits.fill(0);
    else
      for (let seq = this.base; seq < base; seq++) {
        const slot = seq & this.mask;
        this.bits[slot >> 3] &= ~(1 << (slot & 7));
      }
    this.base = base;
  }
}
