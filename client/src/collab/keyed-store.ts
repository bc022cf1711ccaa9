/**
 * A store of values by key whose subscribers are told only about their own key, so that a change
 * to one cell re-renders that cell and not the table of 200 around it.
 */
export class KeyedStore<V> {
  private values = new Map<string, V>();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly equal: (a: V, b: V) => boolean = Object.is) {}

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Sets one key and notifies its subscribers if the value changed. */
  set(key: string, value: V | undefined): void {
    const old = this.values.get(key);
    if (value === undefined ? old === undefined : old !== undefined && this.equal(old, value)) return;
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    this.notify(key);
  }

  /** Replaces every value; notifies only the keys whose value changed. */
  replaceAll(next: Map<string, V>): void {
    const previous = this.values;
    this.values = next;
    for (const [key, value] of next) {
      const old = previous.get(key);
      if (old === undefined || !this.equal(old, value)) this.notify(key);
    }
    for (const key of previous.keys()) if (!next.has(key)) this.notify(key);
  }

  private notify(key: string): void {
    this.listeners.get(key)?.forEach((l) => l());
  }
}
