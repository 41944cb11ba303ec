// Binary frames for the browser-mode WebSocket: a JSON header plus the raw bytes of every
// typed array in the value, so large plot arrays never become JSON number lists.
// Layout: [u32 LE header length][header UTF-8][pad to 8][buffer 0][pad to 8][buffer 1]...
// In the header each typed array is replaced by {"$ta": <index>, "t": <type>, "n": <length>}.

import type { SessionMethod } from './api/methods';

const TYPED_ARRAYS = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

interface TypedArrayRef {
  $ta: number;
  t: TypedArrayName;
  n: number;
}

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : null;
}

const align8 = (n: number): number => (n + 7) & ~7;

const ZEROS = new Uint8Array(8);

/**
 * The frame as a list of chunks whose concatenation is encodeFrame(value): the header, then a
 * view (no copy) of each typed array with its padding. A server sends them as fragments of one
 * WebSocket message, so a plot state's arrays are never copied per session: what is encoded per
 * session is its JSON header alone.
 */
export function encodeFrameChunks(value: unknown): Uint8Array[] {
  const arrays: AnyTypedArray[] = [];
  const header = JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    // JSON.stringify calls toJSON-less typed arrays as objects; catch them before that.
    const raw = (this as Record<string, unknown>)[key];
    const name = typedArrayName(raw);
    if (name) {
      arrays.push(raw as AnyTypedArray);
      const ref: TypedArrayRef = { $ta: arrays.length - 1, t: name, n: (raw as AnyTypedArray).length };
      return ref;
    }
    if (typeof v === 'bigint') throw new TypeError(`encodeFrame: bigint at "${key}" (send as a decimal string)`);
    return v;
  });
  const headerBytes = new TextEncoder().encode(header);
  const first = new Uint8Array(align8(4 + headerBytes.length));
  new DataView(first.buffer).setUint32(0, headerBytes.length, true);
  first.set(headerBytes, 4);
  const chunks: Uint8Array[] = [first];
  let offset = first.byteLength;
  for (const a of arrays) {
    const pad = align8(offset) - offset;
    if (pad > 0) chunks.push(ZEROS.subarray(0, pad));
    offset += pad;
    if (a.byteLength > 0) chunks.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    offset += a.byteLength;
  }
  return chunks;
}

export function encodeFrame(value: unknown): Uint8Array {
  const chunks = encodeFrameChunks(value);
  if (chunks.length === 1) return chunks[0]!;
  let size = 0;
  for (const c of chunks) size += c.byteLength;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

export function decodeFrame(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 4) throw new Error('frame too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw new Error('frame header exceeds frame');
  const header = new TextDecoder().decode(bytes.subarray(4, 4 + headerLength));
  // Buffers follow in index order; compute their offsets on first reference.
  const refs: TypedArrayRef[] = [];
  const parsed: unknown = JSON.parse(header, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$ta' in v && 't' in v && 'n' in v) refs.push(v as TypedArrayRef);
    return v;
  });
  refs.sort((a, b) => a.$ta - b.$ta);
  const arrays = new Map<number, AnyTypedArray>();
  let offset = align8(4 + headerLength);
  for (const ref of refs) {
    const ctor = TYPED_ARRAYS[ref.t];
    if (!ctor) throw new Error(`frame: unknown typed array ${String(ref.t)}`);
    offset = align8(offset);
    const byteLength = ref.n * ctor.BYTES_PER_ELEMENT;
    if (offset + byteLength > bytes.byteLength) throw new Error('frame: typed array exceeds frame');
    // Copy so the result owns its memory and is aligned whatever the frame's offset.
    const copy = bytes.slice(offset, offset + byteLength);
    arrays.set(ref.$ta, new ctor(copy.buffer, 0, ref.n) as AnyTypedArray);
    offset += byteLength;
  }
  return revive(parsed, arrays);
}

function revive(v: unknown, arrays: Map<number, AnyTypedArray>): unknown {
  if (Array.isArray(v)) return v.map((x) => revive(x, arrays));
  if (v && typeof v === 'object') {
    if ('$ta' in v && 't' in v && 'n' in v) return arrays.get((v as TypedArrayRef).$ta);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = revive(x, arrays);
    return out;
  }
  return v;
}

// ---- the WebSocket RPC envelope -----------------------------------------------------------

export type WsClientMessage = { id: number; method: SessionMethod; params: unknown };
export type WsServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { event: 'wake' };
