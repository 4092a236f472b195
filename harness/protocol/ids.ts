/** Message ids for one connection: "a unique (for that connection) positive integer". */
export class IdSource {
  private last = 0;

  next(): number {
    if (this.last >= Number.MAX_SAFE_INTEGER) throw new Error('id space exhausted');
    this.last += 1;
    return this.last;
  }
}
