// Recording commands (domain "recording") and the shared "recording" section: one recorder per
// app, started and stopped from any window (main/record/recording-controller.ts).
import { z } from 'zod';

export const RecordingCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recording.start') }),
  z.object({ type: z.literal('recording.stop') }),
]);
export type RecordingCommand = z.infer<typeof RecordingCommandSchema>;

export interface RecordingView {
  state: 'idle' | 'recording' | 'stopping' | 'stopped' | 'failed';
  /** False in replay, or when the source cannot be tapped; `unavailableReason` says why. */
  available: boolean;
  unavailableReason: string | null;
  /** The file being written (or last written), full path. */
  file: string | null;
  files: string[];
  /** Folder new recordings go to. */
  folder: string;
  startedAtMs: number | null;
  elapsedMs: number;
  messages: number;
  bytes: number;
  /** Messages dropped because the disk could not keep up. */
  dropped: number;
  error: string | null;
}
