// JSON for the status and command documents. ns timestamps (~1.7e18) exceed 2^53, so parsing
// keeps unsafe integers as bigint, and writing emits bigint digits unquoted. Output is compact
// like pydantic's model_dump_json(); floats are written as pydantic does (1.0, not 1).

import { parse as parseLossless } from 'lossless-json';
import type { z } from 'zod';
import { WireError } from './errors';

/** Parsed JSON: integers outside Number's safe range arrive as bigint. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** Marks a number to be written as a JSON float (pydantic `float` fields): 1 → "1.0". */
export class JsonFloat {
  constructor(readonly value: number) {}
}

export type JsonOut = null | boolean | number | bigint | string | JsonFloat | readonly JsonOut[] | { readonly [key: string]: JsonOut };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const INTEGER = /^-?\d+$/;

function parseNumber(text: string): number | bigint {
  if (INTEGER.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  return Number(text);
}

export function parseJson(text: string, what: string): JsonValue {
  try {
    return parseLossless(text, null, parseNumber) as JsonValue;
  } catch (e) {
    throw new WireError(`${what}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export function parseJsonBytes(bytes: Uint8Array, what: string): JsonValue {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (e) {
    throw new WireError(`${what}: payload is not valid UTF-8`, { cause: e });
  }
  return parseJson(text, what);
}

/** Validates with zod; the WireError lists every problem as `path: message`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new WireError(`${what}: ${problems.join('; ')}`);
}

/**
 * Formats a finite double like serde_json/ryu (what pydantic-core writes): shortest round-trip
 * digits, ".0" on integral values, exponent form outside 1e-5 ≤ |x| < 1e16 ("1e16", "1.5e-7").
 */
export function formatFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null'; // pydantic's default for inf/nan
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const length = digits.length;
  const kk = Number(exp) + 1; // 10^(kk-1) <= |x| < 10^kk
  const k = kk - length;
  if (k >= 0 && kk <= 16) return `${sign}${digits}${'0'.repeat(k)}.0`;
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${'0'.repeat(-kk)}${digits}`;
  if (length === 1) return `${sign}${digits}e${kk - 1}`;
  return `${sign}${digits[0]}.${digits.slice(1)}e${kk - 1}`;
}

/** Compact JSON with bigint support. Object keys keep insertion order (the field order). */
export function stringifyJson(value: JsonOut): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': return value.toString();
    case 'string': return JSON.stringify(value);
    case 'number': return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    default: break;
  }
  if (value instanceof JsonFloat) return formatFloat(value.value);
  if (Array.isArray(value)) return `[${(value as readonly JsonOut[]).map(stringifyJson).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as { readonly [key: string]: JsonOut })) {
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

const utf8Encoder = new TextEncoder();
export function jsonBytes(value: JsonOut): Uint8Array {
  return utf8Encoder.encode(stringifyJson(value));
}
