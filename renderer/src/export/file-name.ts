// Descriptive export file names: instrument, workflow and output, sources, data time — so a
// file dropped into a logbook says what it is. Only characters safe on every OS.
import type { LayerConfig } from '../../../shared/protocol';

/** Letters, digits, '-', '_', '+', '.' kept; anything else becomes '-'; runs collapsed. */
export function safePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\w.+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
}

/** UTC time as 2026-11-25T17-40-12Z (no ':' — not allowed in Windows file names). */
export function fileTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}Z`;
}

/**
 * `<instrument>_<workflow>-<output>_<source+source>_<time>.<ext>`; the time is the data's (end of
 * the shown data) when known, else now. Many sources are shortened to the first three and a count.
 */
export function exportFileName(instrument: string | null, config: Pick<LayerConfig, 'workflowId' | 'outputName' | 'sourceNames'>, timeMs: number, ext: string): string {
  const workflow = config.workflowId.split('/').length === 3 ? config.workflowId.split('/')[1]! : config.workflowId;
  const srcs = config.sourceNames.length > 3 ? [...config.sourceNames.slice(0, 3), `${config.sourceNames.length - 3}more`] : config.sourceNames;
  const parts = [instrument ?? 'livedata', `${workflow}-${config.outputName}`, srcs.join('+'), fileTime(timeMs)].map(safePart).filter(Boolean);
  return `${parts.join('_')}.${ext}`;
}

/** A plot's data end time (ns decimal string) in ms, or null. */
export function endTimeMs(endTime: string | null | undefined): number | null {
  if (!endTime || !/^-?\d+$/.test(endTime)) return null;
  return Number(BigInt(endTime) / 1_000_000n);
}
