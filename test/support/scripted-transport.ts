// A transport that delivers exactly the raw messages a test pushes, and records what the app
// sends. Payloads still go through the real codecs and pump.
import { topicsFor, type ConnectionHealth, type ConsumedRole, type ProducedRole, type RawMessage, type Transport } from '../../main/transport/transport';

export class ScriptedTransport implements Transport {
  readonly kind = 'kafka' as const;
  readonly description = 'scripted test transport';
  readonly topics = topicsFor('dummy');
  readonly sent: { role: ProducedRole; value: Uint8Array }[] = [];
  private readonly queue: RawMessage[] = [];
  private readonly listeners = new Set<() => void>();
  private offset = 0;
  healthState: ConnectionHealth = { state: 'connected', since: Date.now(), detail: null };

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  push(role: ConsumedRole, value: Uint8Array): void {
    this.queue.push({ role, topic: this.topics[role], partition: 0, offset: String(this.offset++), timestampMs: Date.now(), value });
    for (const l of this.listeners) l();
  }

  drain(max: number): RawMessage[] {
    return this.queue.splice(0, max);
  }

  async send(role: ProducedRole, value: Uint8Array): Promise<void> {
    this.sent.push({ role, value });
  }

  health(): ConnectionHealth {
    return this.healthState;
  }

  onActivity(listener: () => void): void {
    this.listeners.add(listener);
  }
}
