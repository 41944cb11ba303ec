// Replay commands (domain "replay") and the shared "replay" section: one player per app, so
// every window sees and drives the same position (main/replay/replay-controller.ts).
import { z } from 'zod';

/** Speeds the controls offer; any value in [MIN_SPEED, MAX_SPEED] is accepted. */
export const REPLAY_SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20] as const;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 20;

export const ReplaySpeedSchema = z.union([z.number().min(MIN_SPEED).max(MAX_SPEED), z.literal('max')]);
export type ReplaySpeed = z.infer<typeof ReplaySpeedSchema>;

export const ReplayCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('replay.play') }),
  z.object({ type: z.literal('replay.pause') }),
  /** Jump to a recorded time (ms since the epoch); plots show the state as of that time. */
  z.object({ type: z.literal('replay.seek'), timeMs: z.number().finite() }),
  /** Speed factor, or "max": as fast as the pipeline takes it. */
  z.object({ type: z.literal('replay.speed'), speed: ReplaySpeedSchema }),
  z.object({ type: z.literal('replay.loop'), loop: z.boolean() }),
  /** Paused: deliver the next message only. */
  z.object({ type: z.literal('replay.step') }),
  /** Open a recording by its path on the machine running the app (Electron File → Open, or a path the operator typed). */
  z.object({ type: z.literal('replay.open'), path: z.string().min(1).max(4096) }),
  /** Close the recording and return to the live source the app started with. */
  z.object({ type: z.literal('replay.close') }),
]);
export type ReplayCommand = z.infer<typeof ReplayCommandSchema>;

export type ReplayPhase = 'idle' | 'indexing' | 'ready' | 'error';

export interface ReplayView {
  phase: ReplayPhase;
  /** The recording's file name (no folder), for the banner. */
  fileName: string | null;
  /** 0..1 while indexing. */
  indexProgress: number;
  /** Why the recording cannot be played (phase "error"). */
  error: string | null;
  /** A damaged or cut-short file: what is wrong; the part before the damage plays. */
  damage: string | null;
  instrument: string | null;
  /** Recorded (receive) times, ms since the epoch. */
  startMs: number;
  endMs: number;
  /** The recorded time the replay stands at, sampled when the section was built. */
  positionMs: number;
  /** When positionMs was sampled (main's wall clock): the renderer advances it between polls. */
  sampledAtMs: number;
  playing: boolean;
  speed: ReplaySpeed;
  loop: boolean;
  /** Reached the end without loop. */
  ended: boolean;
  messageCount: number;
  /** Messages delivered to the pipeline since open (the step control shows it moves). */
  delivered: number;
  /** A live source to return to exists (replay.close is possible). */
  canClose: boolean;
  /** Browser mode: uploads are accepted at this path (null: not available). */
  uploadPath: string | null;
}
