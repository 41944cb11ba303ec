// The Transport the core is built with: it forwards to the live source (Kafka or the demo
// backend) or to a replay, and switches between them at run time (File → Open, an upload,
// closing a recording) without the pump, the stores or the sessions being rebuilt. The
// instrument is fixed per process, so every source has the same topics.
import type { ConnectionHealth, MessageTap, ProducedRole, RawMessage, TopicRole, Transport, TransportKind } from '../transport/transport';

export class SourceSwitch implements Transport {
  private current: Transport;
  private readonly activity = new Set<() => void>();
  private readonly taps = new Set<MessageTap>();
  private untap: (() => void) | null = null;
  private wired = new WeakSet<Transport>();
  private started = false;
  private readonly startListeners = new Set<() => void>();
  private readonly switchListeners = new Set<(stage: 'before' | 'after') => Promise<void> | void>();

  /**
   * @param live the source the app started with; null when it started with --replay.
   * @param initial what plays first: `live`, or an idle replay placeholder.
   * @param initialReplay a recording to open as soon as the core starts (--replay FILE).
   */
  constructor(readonly live: Transport | null, initial: Transport, readonly initialReplay: string | null = null) {
    this.current = initial;
    this.wire(initial);
  }

  get kind(): TransportKind {
    return this.current.kind;
  }

  get description(): string {
    return this.current.description;
  }

  get topics(): Record<TopicRole, string> {
    return this.current.topics;
  }

  /** The source messages come from now. */
  get active(): Transport {
    return this.current;
  }

  async start(): Promise<void> {
    this.started = true;
    await this.current.start();
    for (const l of this.startListeners) l();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.current.stop();
  }

  /** Runs once the core started the source (the replay controller opens --replay FILE then). */
  onStart(listener: () => void): void {
    this.startListeners.add(listener);
  }

  /** Stops the current source and starts `next` in its place. */
  async use(next: Transport): Promise<void> {
    if (next === this.current) return;
    for (const l of this.switchListeners) await l('before');
    const previous = this.current;
    await previous.stop();
    this.current = next;
    this.wire(next);
    this.retap();
    if (this.started) await next.start();
    for (const l of this.activity) l();
    for (const l of this.switchListeners) await l('after');
  }

  /** Runs around every switch (the recorder stops before a replay takes over). */
  onSwitch(listener: (stage: 'before' | 'after') => Promise<void> | void): void {
    this.switchListeners.add(listener);
  }

  drain(max: number): RawMessage[] {
    return this.current.drain(max);
  }

  send(role: ProducedRole, value: Uint8Array): Promise<void> {
    return this.current.send(role, value);
  }

  health(): ConnectionHealth {
    return this.current.health();
  }

  onActivity(listener: () => void): void {
    this.activity.add(listener);
  }

  /** Taps whichever source is current; a source without taps (replay) is not recorded. */
  onMessage(tap: MessageTap): () => void {
    this.taps.add(tap);
    this.retap();
    return () => {
      this.taps.delete(tap);
      this.retap();
    };
  }

  /** Whether the current source can be recorded. */
  get recordable(): boolean {
    return typeof this.current.onMessage === 'function';
  }

  clock(): number {
    return this.current.clock?.() ?? Date.now();
  }

  private wire(t: Transport): void {
    if (this.wired.has(t)) return;
    this.wired.add(t);
    t.onActivity(() => {
      if (t === this.current) for (const l of this.activity) l();
    });
  }

  private retap(): void {
    this.untap?.();
    this.untap = null;
    const onMessage = this.current.onMessage?.bind(this.current);
    if (this.taps.size === 0 || !onMessage) return;
    this.untap = onMessage((m, t) => {
      for (const tap of this.taps) tap(m, t);
    });
  }
}
