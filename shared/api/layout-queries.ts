// Layout queries (domain "layout"): read-only requests about the layout. Export answers with
// the grid as YAML in the reference's grid-template structure, so both front doors (browser
// download, Electron save dialog) write the same file.
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const LayoutQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('layout.exportGrid'), gridId: id }),
]);
export type LayoutQuery = z.infer<typeof LayoutQuerySchema>;

export interface GridExport {
  /** A suggested file name, e.g. "detectors.yaml". */
  fileName: string;
  yaml: string;
}
