// Layer queries (domain "layer"): read-only requests answered on demand, e.g. the full
// plot state behind a cell for export or a hover read-out.
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const LayerQuerySchema = z.discriminatedUnion('type', [
  /** The latest computed plot state of a layer (whether or not this session shows it). */
  z.object({ type: z.literal('layer.plot'), layerId: id }),
]);
export type LayerQuery = z.infer<typeof LayerQuerySchema>;
