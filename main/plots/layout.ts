// The persisted layout: grids, cells and layer configs, without ids (ids are per process).
import { z } from 'zod';
import { LayerConfigSchema } from '../../shared/protocol';

export const LayoutSchema = z.object({
  grids: z.array(z.object({
    title: z.string().min(1).max(200),
    rows: z.number().int().min(1).max(6),
    cols: z.number().int().min(1).max(6),
    cells: z.array(z.object({
      row: z.number().int().min(0),
      col: z.number().int().min(0),
      rowSpan: z.number().int().min(1).default(1),
      colSpan: z.number().int().min(1).default(1),
      title: z.string().max(200).nullable().default(null),
      layers: z.array(LayerConfigSchema).min(1),
    })),
  })),
});
export type Layout = z.infer<typeof LayoutSchema>;
