// Undo/redo of layout edits, shared by every window: one history per app, so Ctrl/Cmd+Z in any
// window undoes the last edit whoever made it (and removal needs no confirmation dialog).
// Entries hold the state *before* an edit; undoing swaps it with the current state.
import type { UndoView } from '../../shared/api/layout-commands';

export const UNDO_LIMIT = 100;

interface Entry<T> {
  label: string;
  state: T;
}

export class UndoHistory<T> {
  private readonly undoStack: Entry<T>[] = [];
  private readonly redoStack: Entry<T>[] = [];
  private version = 1;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly limit = UNDO_LIMIT) {}

  /** An edit was made; `before` is the state it changed. Clears what could be redone. */
  record(label: string, before: T): void {
    this.undoStack.push({ label, state: before });
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack.length = 0;
    this.changed();
  }

  /** The state to restore, or null; `current` becomes the redo step. */
  undo(current: T): { label: string; state: T } | null {
    const e = this.undoStack.pop();
    if (!e) return null;
    this.redoStack.push({ label: e.label, state: current });
    this.changed();
    return e;
  }

  redo(current: T): { label: string; state: T } | null {
    const e = this.redoStack.pop();
    if (!e) return null;
    this.undoStack.push({ label: e.label, state: current });
    this.changed();
    return e;
  }

  get depth(): number {
    return this.undoStack.length;
  }

  view(): UndoView {
    return {
      version: this.version,
      canUndo: this.undoStack.length > 0,
      canRedo: this.redoStack.length > 0,
      undoLabel: this.undoStack.at(-1)?.label ?? null,
      redoLabel: this.redoStack.at(-1)?.label ?? null,
    };
  }

  get currentVersion(): number {
    return this.version;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
