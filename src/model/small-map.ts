/**
 * A map for the flows of one binding, which nearly always has one: it holds a single entry in two
 * fields and makes a real Map only when a second key arrives (then keeps it), so the common binding
 * costs no Map. It keeps a Map's behaviour exactly, iteration in insertion order included (a
 * binding's remotes and the order its flows expire appear in the trace).
 */

/** The Map operations a binding's flows use, with a Map's semantics. */
export class SmallMap<K, V> {
  private oneKey: K | undefined;
  private one: V | undefined;
  private many: Map<K, V> | undefined;

  get size(): number {
    return this.many ? this.many.size : this.one === undefined ? 0 : 1;
  }

  get(key: K): V | undefined {
    if (this.many) return this.many.get(key);
    return this.one !== undefined && this.oneKey === key ? this.one : undefined;
  }

  set(key: K, value: V): this {
    if (this.many) this.many.set(key, value);
    else if (this.one === undefined || this.oneKey === key) {
      this.oneKey = key;
      this.one = value;
    } else {
      this.many = new Map([[this.oneKey as K, this.one]]);
      this.many.set(key, value);
      this.oneKey = undefined;
      this.one = undefined;
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.many) return this.many.delete(key);
    if (this.one === undefined || this.oneKey !== key) return false;
    this.oneKey = undefined;
    this.one = undefined;
    return true;
  }

  /** The values in insertion order, like Map.prototype.values. */
  values(): IterableIterator<V> {
    if (this.many) return this.many.values();
    return (this.one === undefined ? [] : [this.one]).values();
  }
}
