// The session API, declared once: the method list (api/methods.ts), each method's request
// schema and result type. The Electron IPC handlers, the WebSocket dispatch, the preload
// bridge and both renderer carriers are derived from this file.
import { z } from 'zod';
import { SESSION_METHODS, type SessionMethod } from './api/methods';
import { WorkflowCommandSchema } from './api/workflow-commands';
import { LayoutCommandSchema } from './api/layout-commands';
import { LayoutQuerySchema } from './api/layout-queries';
import { ReplayCommandSchema } from './api/replay-commands';
import { RecordingCommandSchema } from './api/recording-commands';
import { RoiCommandSchema } from './api/roi-commands';
import { LayerQuerySchema } from './api/layer-queries';
import { SECTION_NAMES } from './api/sections';
import type { JsonValue } from './json';
import type { OpenResult, PollResult } from './protocol';

export { SESSION_METHODS, type SessionMethod } from './api/methods';

const id = z.string().min(1).max(200);

/** More layers than one app can hold: bounds the size of a poll request. */
export const MAX_LAYERS = 2000;

export const SeenSchema = z.object({
  topology: z.number().int(),
  /** Versions of the shared sections this session has applied. */
  sections: z.partialRecord(z.enum(SECTION_NAMES), z.number().int()),
  /** Notification cursor: the sequence number of the next unseen notification. */
  cursor: z.number().int(),
  /** Per layer: the state and data versions this session last applied. */
  layers: z
    .record(id, z.object({ state: z.number().int(), data: z.number().int() }))
    .refine((o) => Object.keys(o).length <= MAX_LAYERS, `at most ${MAX_LAYERS} layers`),
  /** Layers this session currently shows; only these get plot data. */
  shown: z.array(id).max(MAX_LAYERS),
});
export type Seen = z.infer<typeof SeenSchema>;

/** Every command a session can send: one union, composed per domain ("<domain>.<action>"). */
export const SessionCommandSchema = z.union([WorkflowCommandSchema, ReplayCommandSchema, RecordingCommandSchema, RoiCommandSchema, LayoutCommandSchema]);
export type SessionCommand = z.infer<typeof SessionCommandSchema>;
export type CommandType = SessionCommand['type'];

/** Every read-only query, composed per domain likewise. */
export const SessionQuerySchema = z.union([LayerQuerySchema, LayoutQuerySchema]);
export type SessionQuery = z.infer<typeof SessionQuerySchema>;

export const OpenRequestSchema = z.object({ client: z.enum(['electron', 'browser']) });
/**
 * A poll says what the session has applied: either the `seq` of the last result it applied
 * (the gateway remembers what that result brought it to, so an idle poll is a few bytes), or,
 * to resynchronise, its whole `seen`. `shown` is sent only when it changed.
 */
export const PollRequestSchema = z
  .object({
    sessionId: id,
    seen: SeenSchema.optional(),
    applied: z.number().int().nonnegative().optional(),
    shown: z.array(id).max(MAX_LAYERS).optional(),
  })
  .refine((r) => r.seen !== undefined || r.applied !== undefined, 'a poll names what was applied: `applied` or `seen`');
export const CommandRequestSchema = z.object({ sessionId: id, command: SessionCommandSchema });
export const QueryRequestSchema = z.object({ sessionId: id, query: SessionQuerySchema });
export const CloseRequestSchema = z.object({ sessionId: id });
export const LogRequestSchema = z.object({
  sessionId: id,
  level: z.enum(['error', 'warn', 'info']),
  message: z.string().max(10000),
});

export type OpenRequest = z.infer<typeof OpenRequestSchema>;
export type PollRequest = z.infer<typeof PollRequestSchema>;
export type CommandRequest = z.infer<typeof CommandRequestSchema>;
export type QueryRequest = z.infer<typeof QueryRequestSchema>;
export type CloseRequest = z.infer<typeof CloseRequestSchema>;
export type LogRequest = z.infer<typeof LogRequestSchema>;

/** A command's outcome for the session that sent it (refusals are shown only there). */
export type CommandResult = { ok: true; error: null; value: JsonValue } | { ok: false; error: string; value: null };
/** A query's answer; `value` is typed per query by the caller (see renderer/src/gateway). */
export type QueryResult = { ok: true; error: null; value: unknown } | { ok: false; error: string; value: null };

/** Request schema of every method: what main validates before the gateway sees a call. */
export const REQUEST_SCHEMAS = {
  open: OpenRequestSchema,
  poll: PollRequestSchema,
  command: CommandRequestSchema,
  query: QueryRequestSchema,
  close: CloseRequestSchema,
  log: LogRequestSchema,
} as const satisfies Record<SessionMethod, z.ZodType>;

interface MethodTypes {
  open: [OpenRequest, OpenResult];
  poll: [PollRequest, PollResult];
  command: [CommandRequest, CommandResult];
  query: [QueryRequest, QueryResult];
  close: [CloseRequest, void];
  log: [LogRequest, void];
}
export type RequestOf<M extends SessionMethod> = MethodTypes[M][0];
export type ResultOf<M extends SessionMethod> = MethodTypes[M][1];

/** The gateway as sessions see it, whatever the carrier (Electron IPC or WebSocket). */
export type SessionApi = { [M in SessionMethod]: (req: RequestOf<M>) => Promise<ResultOf<M>> };

/** Builds a SessionApi whose every method forwards to `call` (carriers use this). */
export function forwardSessionApi(call: <M extends SessionMethod>(method: M, req: RequestOf<M>) => Promise<ResultOf<M>>): SessionApi {
  const api = {} as Record<SessionMethod, (req: never) => Promise<unknown>>;
  for (const m of SESSION_METHODS) api[m] = (req: never) => call(m, req);
  return api as unknown as SessionApi;
}

export function emptySeen(): Seen {
  return { topology: -1, sections: {}, cursor: -1, layers: {}, shown: [] };
}
