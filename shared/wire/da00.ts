// da00 (DataArray) flatbuffer codec. Decoding goes through the bounds-checked reader; encoding
// uses the flatc-generated builders plus one bulk copy per data vector.

import * as flatbuffers from 'flatbuffers';
import { WireError, wrapWireError } from './errors';
import { FlatbufferReader, type TableRef } from './flatbuffer-reader';
import { da00_DataArray } from './generated/da00-data-array';
import { da00_Variable } from './generated/da00-variable';
import type { Da00Message, DType, NumericArray, Variable } from './types';

export const DA00_ID = 'da00';

/** Wire codes of `enum da00_dtype : byte` (0 is `none`, which no valid variable carries). */
export const DTYPE_CODE: Readonly<Record<DType, number>> = {
  int8: 1, uint8: 2, int16: 3, uint16: 4, int32: 5, uint32: 6,
  int64: 7, uint64: 8, float32: 9, float64: 10, c_string: 11,
};
const DTYPE_BY_CODE: readonly (DType | undefined)[] = (() => {
  const a: (DType | undefined)[] = [];
  for (const [k, v] of Object.entries(DTYPE_CODE)) a[v] = k as DType;
  return a;
})();

export type NumericDType = Exclude<DType, 'c_string'>;

interface TypedArrayCtor<T extends NumericArray> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

export const ARRAY_TYPE: Readonly<Record<NumericDType, TypedArrayCtor<NumericArray>>> = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
  float32: Float32Array, float64: Float64Array,
};

export function elementSize(dtype: NumericDType): number {
  return ARRAY_TYPE[dtype].BYTES_PER_ELEMENT;
}

/** The dtype a typed array is stored as. */
export function dtypeOfArray(values: NumericArray): NumericDType {
  for (const [dtype, ctor] of Object.entries(ARRAY_TYPE)) {
    if (values instanceof ctor) return dtype as NumericDType;
  }
  throw new WireError('da00: unsupported array type');
}

// The wire is little-endian; typed arrays use the host order. Every platform we ship on is
// little-endian, so the big-endian branches exist only for correctness, not speed.
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

const fmtShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

// ---------------------------------------------------------------------------------------------
// decode

export function decodeDa00(bytes: Uint8Array): Da00Message {
  try {
    return decodeDa00Unchecked(bytes);
  } catch (e) {
    throw wrapWireError('da00', e); // defence in depth: no bare RangeError ever escapes
  }
}

function decodeDa00Unchecked(bytes: Uint8Array): Da00Message {
  // Explicit type: lets TS narrow after r.fail() (a never-returning method).
  const r: FlatbufferReader = new FlatbufferReader(bytes, 'da00');
  r.expectIdentifier(DA00_ID);
  const root = r.root('DataArray');
  const sourceName = r.requiredString(root, 0, 'source_name');
  const timestamp = r.int64(root, 1, 'timestamp', 0n);
  const vec = r.vector(root, 2, 4, 'data');
  if (vec === null) r.fail('required field DataArray.data (the variable list) is missing');
  const variables: Variable[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < vec.length; i++) {
    const v = decodeVariable(r, r.tableElement(vec, i, 'DataArray.data'));
    if (seen.has(v.name)) r.fail(`duplicate variable '${v.name}'`);
    seen.add(v.name);
    variables.push(v);
  }
  return { sourceName, timestamp, variables };
}

function decodeVariable(r: FlatbufferReader, t: TableRef): Variable {
  const name = r.requiredString(t, 0, 'name');
  const ctx = `variable '${name}'`;
  const unit = r.string(t, 1, 'unit');
  const label = r.string(t, 2, 'label');
  const source = r.string(t, 3, 'source');
  const code = r.int8(t, 4, 'data_type', 0);
  const dtype = DTYPE_BY_CODE[code];
  if (dtype === undefined) r.fail(`${ctx} has data_type ${code}, which is not a known da00_dtype (1..11)`);

  const axesVec = r.vector(t, 5, 4, 'axes');
  const axes: string[] = [];
  if (axesVec !== null) {
    for (let i = 0; i < axesVec.length; i++) axes.push(r.stringElement(axesVec, i, `${ctx} axes`));
  }

  const shapeVec = r.vector(t, 6, 8, 'shape');
  if (shapeVec === null) r.fail(`${ctx}: required field shape is missing`);
  const shape: number[] = [];
  for (let i = 0; i < shapeVec.length; i++) {
    const d = r.view.getBigInt64(shapeVec.start + 8 * i, true);
    if (d < 0n || d > BigInt(Number.MAX_SAFE_INTEGER)) r.fail(`${ctx} has invalid extent ${d} in its shape`);
    shape.push(Number(d));
  }

  const data = r.vector(t, 7, 1, 'data');
  if (data === null) r.fail(`${ctx}: required field data is missing`);

  // axes is optional in the schema; a producer that omits it still means one name per axis.
  let axesOnWire = true;
  if (axes.length !== shape.length) {
    if (axes.length !== 0) r.fail(`${ctx} has ${axes.length} axes [${axes.join(',')}] but shape ${fmtShape(shape)}`);
    for (let i = 0; i < shape.length; i++) axes.push(`dim_${i}`);
    axesOnWire = false;
  }
  if (new Set(axes).size !== axes.length) r.fail(`${ctx} repeats an axis name: [${axes.join(',')}]`);

  const raw = r.bytes.subarray(data.start, data.start + data.length);
  const values = dtype === 'c_string'
    ? decodeStrings(r, ctx, raw, shape)
    : decodeNumbers(r, ctx, raw, shape, dtype);
  return axesOnWire
    ? { name, unit, label, source, dtype, axes, shape, values }
    : { name, unit, label, source, dtype, axes, axesOnWire, shape, values };
}

function decodeNumbers(r: FlatbufferReader, ctx: string, raw: Uint8Array, shape: number[], dtype: NumericDType): NumericArray {
  const ctor = ARRAY_TYPE[dtype];
  const size = ctor.BYTES_PER_ELEMENT;
  const n = shapeSize(shape);
  if (n * size !== raw.byteLength) {
    r.fail(`${ctx} has ${raw.byteLength} bytes but shape ${fmtShape(shape)} ${dtype} needs ${n * size}`);
  }
  // slice() is one memcpy into a fresh, 8-aligned buffer: the wire vector is only 4-aligned
  // (so a direct view could throw) and the result must not alias the caller's buffer.
  const copy = new Uint8Array(raw); // explicit copy (Buffer#slice would be a view)
  if (HOST_LE || size === 1) return size === 1 && dtype === 'uint8' ? copy : new ctor(copy.buffer, 0, n);
  return swapFromLE(copy, dtype, n);
}

function swapFromLE(copy: Uint8Array, dtype: NumericDType, n: number): NumericArray {
  const dv = new DataView(copy.buffer);
  const out = new ARRAY_TYPE[dtype](n);
  const size = ARRAY_TYPE[dtype].BYTES_PER_ELEMENT;
  for (let i = 0; i < n; i++) {
    const o = i * size;
    switch (dtype) {
      case 'int16': (out as Int16Array)[i] = dv.getInt16(o, true); break;
      case 'uint16': (out as Uint16Array)[i] = dv.getUint16(o, true); break;
      case 'int32': (out as Int32Array)[i] = dv.getInt32(o, true); break;
      case 'uint32': (out as Uint32Array)[i] = dv.getUint32(o, true); break;
      case 'int64': (out as BigInt64Array)[i] = dv.getBigInt64(o, true); break;
      case 'uint64': (out as BigUint64Array)[i] = dv.getBigUint64(o, true); break;
      case 'float32': (out as Float32Array)[i] = dv.getFloat32(o, true); break;
      case 'float64': (out as Float64Array)[i] = dv.getFloat64(o, true); break;
      default: break;
    }
  }
  return out;
}

/**
 * c_string data is UTF-8 text. Several strings are NUL-separated (our encoder's convention);
 * a single string may also carry its byte count as shape (a writer that treats the text as a
 * byte array, [inferred]), so that form is accepted too.
 */
function decodeStrings(r: FlatbufferReader, ctx: string, raw: Uint8Array, shape: number[]): string[] {
  let text: string;
  try {
    text = utf8Decoder.decode(raw);
  } catch (e) {
    throw new WireError(`da00: ${ctx} (c_string) is not valid UTF-8`, { cause: e });
  }
  const n = shapeSize(shape);
  const trimmed = text.replace(/\0+$/, '');
  if (n === 0) {
    if (trimmed !== '') r.fail(`${ctx} has shape ${fmtShape(shape)} (no strings) but ${raw.byteLength} bytes of text`);
    return [];
  }
  const parts = trimmed.split('\0');
  if (parts.length === n) return parts;
  if (parts.length === 1 && shape.length === 1 && shape[0] === raw.byteLength) return parts;
  return r.fail(`${ctx} holds ${parts.length} NUL-separated strings but shape ${fmtShape(shape)} needs ${n}`);
}

// ---------------------------------------------------------------------------------------------
// encode

/**
 * Encodes a da00 message. Throws WireError if the message is inconsistent (values vs shape,
 * dtype vs array type, axes vs shape), so nothing malformed is ever produced.
 * The result is a view into the builder's buffer (no extra copy of large data).
 */
export function encodeDa00(msg: Da00Message): Uint8Array {
  if (typeof msg.sourceName !== 'string') throw new WireError('da00 encode: sourceName must be a string');
  if (typeof msg.timestamp !== 'bigint' || BigInt.asIntN(64, msg.timestamp) !== msg.timestamp) {
    throw new WireError(`da00 encode: timestamp ${String(msg.timestamp)} is not an int64 bigint`);
  }
  if (msg.variables.length === 0) throw new WireError('da00 encode: at least one variable is required (as upstream)');
  const names = new Set<string>();
  const payloads: Uint8Array[] = [];
  let estimate = 1024 + 3 * msg.sourceName.length;
  for (const v of msg.variables) {
    if (names.has(v.name)) throw new WireError(`da00 encode: duplicate variable '${v.name}'`);
    names.add(v.name);
    const bytes = variableBytes(v);
    payloads.push(bytes);
    estimate += bytes.byteLength + 128 + 3 * (v.name.length + (v.unit?.length ?? 0) + (v.label?.length ?? 0) + (v.source?.length ?? 0))
      + v.axes.reduce((s, a) => s + 3 * a.length + 16, 0) + 8 * v.shape.length;
  }

  const b = new flatbuffers.Builder(estimate);
  // As the Python writer: scalars (timestamp, data_type) are always physically present.
  b.forceDefaults(true);
  const varOffsets = msg.variables.map((v, i) => buildVariable(b, v, payloads[i]!));
  const dataVec = da00_DataArray.createDataVector(b, varOffsets);
  const source = b.createString(msg.sourceName);
  da00_DataArray.startda00_DataArray(b);
  da00_DataArray.addSourceName(b, source);
  da00_DataArray.addTimestamp(b, msg.timestamp);
  da00_DataArray.addData(b, dataVec);
  b.finish(da00_DataArray.endda00_DataArray(b), DA00_ID);
  return b.asUint8Array();
}

function buildVariable(b: flatbuffers.Builder, v: Variable, payload: Uint8Array): flatbuffers.Offset {
  // Data first, 8-aligned, so readers in any language can view it in place.
  b.prep(8, payload.byteLength);
  const data = b.createByteVector(payload);
  const shape = da00_Variable.createShapeVector(b, v.shape.map((d) => BigInt(d)));
  const axes = da00_Variable.createAxesVector(b, v.axes.map((a) => b.createString(a)));
  const name = b.createString(v.name);
  const unit = v.unit === null ? 0 : b.createString(v.unit);
  const label = v.label === null ? 0 : b.createString(v.label);
  const source = v.source === null ? 0 : b.createString(v.source);
  da00_Variable.startda00_Variable(b);
  da00_Variable.addName(b, name);
  // Absent optional strings must not be added: with forceDefaults an offset 0 would be written.
  if (unit) da00_Variable.addUnit(b, unit);
  if (label) da00_Variable.addLabel(b, label);
  if (source) da00_Variable.addSource(b, source);
  da00_Variable.addDataType(b, DTYPE_CODE[v.dtype]);
  da00_Variable.addAxes(b, axes);
  da00_Variable.addShape(b, shape);
  da00_Variable.addData(b, data);
  return da00_Variable.endda00_Variable(b);
}

/** Validates a variable and returns its little-endian data bytes (a view when possible). */
function variableBytes(v: Variable): Uint8Array {
  const ctx = `da00 encode: variable '${v.name}'`;
  if (typeof v.name !== 'string') throw new WireError('da00 encode: variable name must be a string');
  if (!(v.dtype in DTYPE_CODE)) throw new WireError(`${ctx} has unknown dtype ${String(v.dtype)}`);
  for (const d of v.shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new WireError(`${ctx} has invalid shape ${fmtShape(v.shape)}`);
  }
  if (v.axes.length !== v.shape.length) {
    throw new WireError(`${ctx} has ${v.axes.length} axes but shape ${fmtShape(v.shape)}`);
  }
  const n = shapeSize(v.shape);
  if (v.dtype === 'c_string') {
    if (!Array.isArray(v.values) || !v.values.every((s) => typeof s === 'string')) {
      throw new WireError(`${ctx} is c_string but its values are not a string array`);
    }
    if (v.values.length !== n) throw new WireError(`${ctx} has ${v.values.length} strings but shape ${fmtShape(v.shape)}`);
    if (v.values.some((s) => s.includes('\0'))) throw new WireError(`${ctx}: c_string values cannot contain NUL`);
    return utf8Encoder.encode(v.values.join('\0'));
  }
  const ctor = ARRAY_TYPE[v.dtype];
  if (!(v.values instanceof ctor)) {
    throw new WireError(`${ctx} is ${v.dtype} but its values are ${Array.isArray(v.values) ? 'a plain array' : v.values.constructor.name}`);
  }
  if (v.values.length !== n) {
    throw new WireError(`${ctx} has ${v.values.length} values but shape ${fmtShape(v.shape)} needs ${n}`);
  }
  const a = v.values;
  if (HOST_LE || a.BYTES_PER_ELEMENT === 1) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    const o = i * a.BYTES_PER_ELEMENT;
    const x = a[i]!;
    switch (v.dtype) {
      case 'int16': dv.setInt16(o, x as number, true); break;
      case 'uint16': dv.setUint16(o, x as number, true); break;
      case 'int32': dv.setInt32(o, x as number, true); break;
      case 'uint32': dv.setUint32(o, x as number, true); break;
      case 'int64': dv.setBigInt64(o, x as bigint, true); break;
      case 'uint64': dv.setBigUint64(o, x as bigint, true); break;
      case 'float32': dv.setFloat32(o, x as number, true); break;
      case 'float64': dv.setFloat64(o, x as number, true); break;
      default: break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// construction helpers (tests, demo backend)

export interface VariableOptions {
  axes?: string[];
  /** Defaults to [values.length] when axes has one entry, [] for 0-D (no axes). */
  shape?: number[];
  unit?: string | null;
  label?: string | null;
  source?: string | null;
}

/** Builds a Variable, inferring dtype from the typed array (string[] → c_string). */
export function makeVariable(name: string, values: NumericArray | string[], opts: VariableOptions = {}): Variable {
  const axes = opts.axes ?? [];
  const shape = opts.shape ?? (axes.length === 0 ? [] : axes.length === 1 ? [values.length] : null);
  if (shape === null) throw new WireError(`makeVariable '${name}': shape is required for ${axes.length} axes`);
  const dtype: DType = Array.isArray(values) ? 'c_string' : dtypeOfArray(values);
  return {
    name, dtype, axes, shape, values,
    unit: opts.unit ?? null, label: opts.label ?? null, source: opts.source ?? null,
  };
}
