// Layer queries (domain "layer"): read-only requests answered on demand. Windows receive images
// as 1-byte colour levels and time series as appended tails; the full-precision values behind a
// pixel (hover read-out), a whole image (export) or a whole history are fetched with these.
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const LayerQuerySchema = z.discriminatedUnion('type', [
  /** The latest computed plot state of a layer (whether or not this session shows it). */
  z.object({ type: z.literal('layer.plot'), layerId: id }),
  /**
   * Full-precision image values: one pixel (`index` = row * width + col, row 0 lowest y) → number,
   * or the whole panel (or slicer volume) → Float32Array. Errors if the plot moved on to a
   * different shape (the window asks again with the new state).
   */
  z.object({
    type: z.literal('layer.values'),
    layerId: id,
    panel: z.number().int().min(0).max(64).optional(),
    volume: z.boolean().optional(),
    index: z.number().int().min(0).max(2 ** 31).nullable().optional(),
  }),
  /** A time series' whole history (LinePlotState with complete series, `from` = 0). */
  z.object({ type: z.literal('layer.history'), layerId: id }),
]);
export type LayerQuery = z.infer<typeof LayerQuerySchema>;
