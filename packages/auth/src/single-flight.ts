/** At most one run of a task per key at a time in this process; later callers share the running promise. */
export class SingleFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  has(key: string): boolean {
    return this.running.has(key);
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing as Promise<T>;
    const promise = task().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
