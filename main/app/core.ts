// The composition root: builds every shared service once per process (docs/architecture.md).
// Nothing here is per window; sessions reach all of it through the gateway.
import type { ConnectionView } from '../../shared/protocol';
import { encodeJobCommand, encodeWorkflowConfig } from '../../shared/wire/commands';
import type { Logger } from '../logging/logger';
import { DataStore } from '../data/data-store';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { JobOrchestrator, type OutgoingCommand } from '../jobs/job-orchestrator';
import { LayerStore } from '../plots/layer-store';
import { answerLayerQuery } from '../plots/plotters/queries';
import { PlotOrchestrator } from '../plots/plot-orchestrator';
import { MessagePump } from '../pump/message-pump';
import { TopicStats } from '../pump/topic-stats';
import { NotificationQueue } from '../sessions/notification-queue';
import { SessionGateway } from '../sessions/session-gateway';
import { CommandRouter } from '../sessions/command-router';
import { staticSection } from '../sessions/section-source';
import { catalogueOf } from './catalogue-section';
import { registerWorkflowCommands } from '../jobs/workflow-commands';
import { RoiPublisher } from '../plots/roi-publisher';
import { findWorkflow } from '../instruments/instrument-spec';
import { WorkflowConfigs, WorkflowConfigsFileSchema } from '../jobs/workflow-configs';
import { notificationLogSection, sessionsSection } from './system-sections';
import { SessionRegistry } from '../sessions/session-registry';
import type { ConnectionHealth, Transport } from '../transport/transport';
import { applyDefaultLayout } from './default-layout';
import path from 'node:path';
import { ConfigFile } from '../config/config-file';
import { LayoutFileSchema } from '../plots/layout';
import { LayoutPersistence } from '../plots/layout-persistence';
import { LayoutEditor } from '../plots/layout-commands';
import { isStaticLayer } from '../plots/plot-orchestrator';
import { ReplayController } from '../replay/replay-controller';
import { RecordingController } from '../record/recording-controller';

export interface CoreOptions {
  instrument: InstrumentSpec;
  transport: Transport;
  logger: Logger;
  /** Start every workflow of the default layout at once (the demo's first start). */
  autoStart: boolean;
  sessionTimeoutMs?: number;
  /** Per-user config folder; null keeps nothing on disk (tests). */
  configDir: string | null;
  /** Where recordings started from the UI go (default ~/livedata-recordings). */
  recordingsDir?: string;
}

/** A connection state is announced (toast) only once it has held this long: a flaky broker must not flood every window. */
export const CONNECTION_NOTICE_HOLD_MS = 2000;

export class Core {
  readonly notifications = new NotificationQueue(100);
  readonly registry: SessionRegistry;
  readonly data = new DataStore();
  readonly layers: LayerStore;
  readonly jobs: JobOrchestrator;
  readonly plots: PlotOrchestrator;
  readonly stats: TopicStats;
  readonly pump: MessagePump;
  readonly gateway: SessionGateway;
  readonly router: CommandRouter;
  readonly replay: ReplayController;
  readonly recording: RecordingController;
  private connectionVersion = 1;
  private lastHealth: ConnectionHealth;
  /** The connection state last announced to users, and when the current state began. */
  private announcedState: ConnectionHealth['state'];
  private stateSince = Date.now();
  private lastSample = 0;
  private started = false;
  readonly layout: LayoutEditor;
  private readonly layoutPersistence: LayoutPersistence;

  constructor(private readonly options: CoreOptions) {
    const { instrument, transport, logger } = options;
    this.registry = new SessionRegistry(options.sessionTimeoutMs ?? 10_000);
    this.layers = new LayerStore(logger);
    // Staged/committed workflow configs, restored before the orchestrator so running jobs re-attach.
    const configs = new WorkflowConfigs(instrument, options.configDir ? new ConfigFile(path.join(options.configDir, instrument.name, 'workflow_configs.yaml'), WorkflowConfigsFileSchema) : null, logger);
    for (const problem of configs.load()) {
      logger.warn('workflow configuration', { problem });
      this.notifications.push('warning', problem);
    }
    this.jobs = new JobOrchestrator(
      instrument,
      (cmd) => transport.send('commands', encodeCommand(cmd)),
      this.notifications,
      {
        cleared: (wf) => this.data.clearWorkflow(wf),
        started: (wf) => this.plots.onJobStarted(wf),
        stopped: (wf) => this.plots.onJobStopped(wf),
      },
      logger,
      () => transport.clock?.() ?? Date.now(), // replayed time in replay: staleness follows the recording
      { configs, canSend: () => sendBlocker(transport.health()) },
    );
    this.plots = new PlotOrchestrator(instrument, this.data, this.layers, this.jobs, logger);
    this.stats = new TopicStats(
      (['data', 'heartbeat', 'responses'] as const).map((role) => ({ topic: transport.topics[role], role })),
    );
    this.lastHealth = transport.health();
    this.announcedState = this.lastHealth.state;
    this.pump = new MessagePump(transport, this.jobs, this.data, this.stats, { afterPass: () => this.housekeeping() }, logger);
    this.router = new CommandRouter(logger);
    registerWorkflowCommands(this.router, this.jobs);
    this.layout = new LayoutEditor(this.plots, instrument);
    this.router.handleCommands('layout', (c) => this.layout.handle(c));
    this.router.handleQueries('layout', (q) => this.layout.query(q));
    // ROIs drawn on images: published to the current job, stored in the cell's request layer.
    new RoiPublisher({
      layout: this.plots,
      data: this.data,
      currentJob: (wf) => this.jobs.currentJob(wf),
      outputsOf: (wf) => findWorkflow(instrument, wf)?.outputs.map((o) => o.name) ?? null,
      plotUnits: (id) => {
        const p = this.layers.get(id)?.plot;
        return p && (p.kind === 'image' || p.kind === 'line') ? { x: p.x.unit, y: p.y.unit } : null;
      },
      send: (value) => transport.send('roi', value),
      logger,
    }).register(this.router);
    this.router.handleQueries('layer', (q) => answerLayerQuery(this.layers, q));
    this.replay = new ReplayController({ transport, instrument, jobs: this.jobs, notifications: this.notifications, logger });
    this.replay.register(this.router);
    this.recording = new RecordingController({ transport, instrument, notifications: this.notifications, logger, folder: options.recordingsDir });
    this.recording.register(this.router);
    this.gateway = new SessionGateway({
      registry: this.registry,
      notifications: this.notifications,
      plots: this.plots,
      layers: this.layers,
      sections: [
        { name: 'jobs', version: () => this.jobs.jobsVersion, view: () => this.jobs.snapshot(), onChange: (l) => (this.jobs.onChange(l), () => undefined) },
        { name: 'connection', version: () => this.connectionVersion, view: () => this.connectionView() },
        staticSection('catalogue', catalogueOf(instrument)),
        { name: 'undo', version: () => this.layout.history.currentVersion, view: () => this.layout.history.view(), onChange: (l) => this.layout.history.onChange(l) },
        { name: 'workflowConfigs', version: () => configs.sectionVersion, view: () => configs.view(), onChange: (l) => configs.onChange(l) },
        sessionsSection(this.registry),
        notificationLogSection(this.notifications),
        this.replay.section(),
        this.recording.section(),
      ],
      router: this.router,
      logger,
    });
    this.layoutPersistence = new LayoutPersistence({
      file: options.configDir ? new ConfigFile(path.join(options.configDir, instrument.name, 'layout.yaml'), LayoutFileSchema) : null,
      plots: this.plots,
      applyDefault: () => applyDefaultLayout(this.plots, instrument),
      notify: (level, message) => this.notifications.push(level, message),
      logger,
    });
    this.registry.onRemoved((id, reason) => {
      if (reason === 'timeout') logger.warn('session timed out and was dropped', { session: id });
    });
  }

  async start(): Promise<void> {
    const { transport, logger, instrument } = this.options;
    this.layoutPersistence.start();
    this.pump.start();
    this.started = true;
    try {
      await transport.start();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('transport failed to start', { error: message });
      this.notifications.push('error', `Data source failed to start: ${message}`);
    }
    if (this.options.autoStart) {
      for (const w of new Set([...this.layers.all()].map((l) => l.config.workflowId).filter((w) => !isStaticLayer({ workflowId: w })))) {
        await this.jobs.start(w).catch((err: unknown) => logger.error('auto-start failed', { workflow: w, error: String(err) }));
      }
    }
    logger.info('core started', { instrument: instrument.name, source: transport.description });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.layoutPersistence.stop();
    this.pump.stop();
    await this.recording.dispose();
    await this.replay.dispose();
    await this.options.transport.stop();
  }

  /** Opens a recording and replays it in every window (Electron File → Open, uploads). */
  openRecording(file: string): Promise<void> {
    return this.replay.open(file);
  }

  /** The data source's connection state right now (the view sessions get is sampled from it). */
  transportHealth(): ConnectionHealth {
    return this.options.transport.health();
  }

  private housekeeping(): void {
    this.jobs.tick();
    this.registry.reapStale();
    const now = Date.now();
    const health = this.options.transport.health();
    // The status bar follows every change at once; toasts only states that held (see below).
    let changed = health.state !== this.lastHealth.state || health.detail !== this.lastHealth.detail;
    if (changed) this.options.logger.info('connection state changed', { state: health.state, detail: health.detail });
    if (health.state !== this.lastHealth.state) this.stateSince = now;
    if (health.state !== this.announcedState && now - this.stateSince >= CONNECTION_NOTICE_HOLD_MS) this.announceHealth(health);
    if (now - this.lastSample >= 1000) {
      this.lastSample = now;
      if (this.stats.sample()) changed = true;
    }
    this.lastHealth = health;
    if (changed) this.connectionVersion++;
  }

  private announceHealth(health: ConnectionHealth): void {
    const { transport } = this.options;
    this.announcedState = health.state;
    const text = `${transport.description}: ${health.state}${health.detail ? ` (${health.detail})` : ''}`;
    const level = health.state === 'connected' ? 'success' : health.state === 'connecting' ? 'info' : 'warning';
    this.notifications.push(level, `Connection ${text}`);
  }

  private connectionView(): ConnectionView {
    const { transport, instrument } = this.options;
    const health = this.lastHealth;
    return {
      version: this.connectionVersion,
      sourceKind: transport.kind,
      description: transport.description,
      instrument: instrument.name,
      state: health.state,
      sinceMs: health.since,
      detail: health.detail,
      topics: this.stats.view(),
    };
  }
}

function encodeCommand(cmd: OutgoingCommand): Uint8Array {
  if (cmd.kind === 'workflow_config') {
    return encodeWorkflowConfig({
      identifier: cmd.identifier,
      messageId: cmd.messageId,
      jobId: cmd.jobId,
      schedule: { startTime: null, endTime: null },
      auxSourceNames: cmd.auxSourceNames,
      params: cmd.params,
    });
  }
  return encodeJobCommand({ messageId: cmd.messageId, jobId: cmd.jobId, workflowId: null, action: cmd.action });
}

/** Why commands cannot be sent now (said at once, instead of a 30 s timeout), or null. */
function sendBlocker(health: ConnectionHealth): string | null {
  if (health.state === 'connected') return null;
  return `the data source is ${health.state}${health.detail ? ` (${health.detail})` : ''}; commands cannot be sent`;
}
