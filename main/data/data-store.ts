// Latest value per data key, with a version per key. Writes happen inside transactions
// so that subscribers hear about one batch of messages once, never about half a batch.
import type { DataArray } from '../../shared/wire/data-array';

export interface DataKey {
  workflowId: string;
  sourceName: string;
  outputName: string;
}

export interface DataEntry {
  readonly key: DataKey;
  readonly value: DataArray;
  /** The job that produced it (provenance stamp). */
  readonly jobNumber: string;
  readonly version: number;
  readonly receivedAtMs: number;
}

export function dataKeyId(k: DataKey): string {
  return JSON.stringify([k.workflowId, k.sourceName, k.outputName]);
}

export class DataStore {
  private readonly entries = new Map<string, DataEntry>();
  private readonly listeners = new Set<(changed: ReadonlySet<string>) => void>();
  private pending: Set<string> | null = null;
  private nextVersion = 1;

  /** Runs `fn` as one transaction: listeners hear once, after it, with all changed keys. */
  transaction<T>(fn: () => T): T {
    if (this.pending) return fn(); // nested: join the outer transaction
    this.pending = new Set();
    try {
      return fn();
    } finally {
      const changed = this.pending;
      this.pending = null;
      if (changed.size > 0) for (const l of this.listeners) l(changed);
    }
  }

  set(key: DataKey, value: DataArray, jobNumber: string, receivedAtMs = Date.now()): void {
    const id = dataKeyId(key);
    this.entries.set(id, { key, value, jobNumber, version: this.nextVersion++, receivedAtMs });
    this.mark(id);
  }

  get(key: DataKey): DataEntry | undefined {
    return this.entries.get(dataKeyId(key));
  }

  /** Removes every key of a workflow in one transaction (a new generation starts blank). */
  clearWorkflow(workflowId: string): void {
    this.transaction(() => {
      for (const [id, e] of this.entries) {
        if (e.key.workflowId === workflowId) {
          this.entries.delete(id);
          this.mark(id);
        }
      }
    });
  }

  get size(): number {
    return this.entries.size;
  }

  onCommit(listener: (changed: ReadonlySet<string>) => void): void {
    this.listeners.add(listener);
  }

  private mark(id: string): void {
    if (this.pending) this.pending.add(id);
    else for (const l of this.listeners) l(new Set([id]));
  }
}
