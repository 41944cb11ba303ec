// Reading a layer's plot params: validated against the plotter's schema (shared/plotter-params.ts)
// with defaults filled in, then read as typed values. Invalid params are refused with every
// problem's dotted path, so a bad layout or template never draws something else silently.
import { validateParams } from '../../../shared/params';
import type { JsonObject, JsonValue } from '../../../shared/json';
import { checkManualColourLimits } from '../../../shared/plotter-params';
import { plotterInfo, type PlotterName } from '../../../shared/plotters';
import { PlotError } from './plotter';

/** Old layouts wrote `{log: bool}` for images; it maps onto plot_scale.color_scale. */
function migrate(params: JsonObject): JsonObject {
  if (typeof params.log !== 'boolean') return params;
  const scale = (params.plot_scale && typeof params.plot_scale === 'object' && !Array.isArray(params.plot_scale) ? params.plot_scale : {}) as JsonObject;
  return { ...params, plot_scale: { color_scale: params.log ? 'log' : 'linear', ...scale } };
}

/** The complete, validated params of a plotter; throws a PlotError listing every problem. */
export function resolveParams(name: PlotterName, raw: JsonObject): JsonObject {
  const info = plotterInfo(name);
  if (!info) throw new PlotError(`unknown plotter ${name}`);
  const { values, problems } = validateParams(info.params, migrate(raw));
  problems.push(...checkManualColourLimits(values));
  if (problems.length > 0) throw new PlotError(`invalid plot parameters: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return values;
}

/** Typed access to nested params: p.str('plot_scale.color_scale'). */
export class Params {
  constructor(readonly values: JsonObject) {}

  private get(path: string): JsonValue | undefined {
    let v: JsonValue | undefined = this.values;
    for (const k of path.split('.')) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v = (v as JsonObject)[k];
    }
    return v;
  }

  str(path: string, fallback: string): string {
    const v = this.get(path);
    return typeof v === 'string' ? v : fallback;
  }

  strOrNull(path: string): string | null {
    const v = this.get(path);
    return typeof v === 'string' && v.trim() !== '' ? v : null;
  }

  num(path: string, fallback: number): number {
    const v = this.get(path);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  }

  bool(path: string, fallback: boolean): boolean {
    const v = this.get(path);
    return typeof v === 'boolean' ? v : fallback;
  }

  nums(path: string): number[] {
    const v = this.get(path);
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  }

  /** Custom tick counts (null = automatic). */
  ticks(): { x: number | null; y: number | null } {
    return {
      x: this.bool('ticks.custom_xticks', false) ? this.num('ticks.xticks', 5) : null,
      y: this.bool('ticks.custom_yticks', false) ? this.num('ticks.yticks', 5) : null,
    };
  }
}

export function readParams(name: PlotterName, raw: JsonObject): Params {
  return new Params(resolveParams(name, raw));
}
