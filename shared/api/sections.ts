// Versioned shared state that sessions pull ("sections"). Each has one writer in main with a
// monotonically increasing version; a poll returns a section only when the session's version
// is behind. To add one: its view type here, its name in SECTION_NAMES, a SectionSource
// registered in main/app/core.ts, and read it from the renderer store's `sections`.
import type { CatalogueView } from '../catalogue';
import type { UndoView } from './layout-commands';
import type { ConnectionView, JobsSnapshot } from '../protocol';
import type { WorkflowConfigsView } from '../workflow-config';
import type { NotificationLogView, SessionsView } from '../system-views';
import type { ReplayView } from './replay-commands';
import type { RecordingView } from './recording-commands';

export interface SectionViews {
  undo: UndoView;
  jobs: JobsSnapshot;
  connection: ConnectionView;
  catalogue: CatalogueView;
  workflowConfigs: WorkflowConfigsView;
  sessions: SessionsView;
  notificationLog: NotificationLogView;
  replay: ReplayView;
  recording: RecordingView;
}

export const SECTION_NAMES = ['jobs', 'connection', 'catalogue', 'workflowConfigs', 'sessions', 'notificationLog', 'replay', 'recording', 'undo'] as const satisfies readonly (keyof SectionViews)[];
export type SectionName = (typeof SECTION_NAMES)[number];

/** What a poll carries: only the sections whose version moved, each with its version. */
export type SectionUpdates = { [K in SectionName]?: { version: number; view: SectionViews[K] } };
