// A bounds-checked flatbuffer reader. The generated accessors (generated/) trust the buffer
// and read garbage or throw bare RangeErrors on hostile input; every offset here is checked
// against the buffer before it is followed, and failures name the schema and the field.

import { WireError } from './errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface TableRef {
  /** Absolute position of the table (its soffset to the vtable). */
  readonly pos: number;
  /** Absolute position of the vtable. */
  readonly vtable: number;
  /** vtable size in bytes (4 + 2 × number of slots it describes). */
  readonly vtableSize: number;
  /** What the table is, for error messages. */
  readonly what: string;
}

export interface VectorRef {
  /** Absolute position of the first element (just after the u32 length). */
  readonly start: number;
  readonly length: number;
}

export class FlatbufferReader {
  readonly view: DataView;
  /** A plain Uint8Array view of the input: a Node Buffer's slice() would alias, not copy. */
  readonly bytes: Uint8Array;

  constructor(input: Uint8Array, readonly schema: string) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 8) this.fail(`buffer of ${bytes.byteLength} bytes is too short for a flatbuffer`);
  }

  fail(message: string): never {
    throw new WireError(`${this.schema}: ${message}`);
  }

  /** The 4-character file identifier at bytes 4–7 (no size prefix on these topics). */
  identifier(): string {
    return String.fromCharCode(this.bytes[4]!, this.bytes[5]!, this.bytes[6]!, this.bytes[7]!);
  }

  expectIdentifier(id: string): void {
    const got = this.identifier();
    if (got !== id) this.fail(`file identifier is ${JSON.stringify(got)}, expected "${id}"`);
  }

  private need(pos: number, size: number, what: string): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + size > this.bytes.byteLength) {
      this.fail(`${what} at byte ${pos} (+${size}) lies outside the ${this.bytes.byteLength}-byte buffer (truncated or corrupt)`);
    }
  }

  root(what: string): TableRef {
    return this.tableAt(this.uoffsetTarget(0, `root offset of ${what}`), what);
  }

  /** Follows the u32 offset stored at `pos` (offsets are relative to where they are stored). */
  uoffsetTarget(pos: number, what: string): number {
    this.need(pos, 4, what);
    const target = pos + this.view.getUint32(pos, true);
    this.need(target, 4, `target of ${what}`);
    return target;
  }

  tableAt(pos: number, what: string): TableRef {
    this.need(pos, 4, `table ${what}`);
    const vtable = pos - this.view.getInt32(pos, true);
    this.need(vtable, 4, `vtable of ${what}`);
    const vtableSize = this.view.getUint16(vtable, true);
    const tableSize = this.view.getUint16(vtable + 2, true);
    if (vtableSize < 4 || vtableSize % 2 !== 0) this.fail(`vtable of ${what} has invalid size ${vtableSize}`);
    this.need(vtable, vtableSize, `vtable of ${what}`);
    this.need(pos, Math.max(tableSize, 4), `table ${what}`);
    return { pos, vtable, vtableSize, what };
  }

  /** Absolute position of field `slot` (0-based, schema order) or null when absent. */
  field(t: TableRef, slot: number, size: number, name: string): number | null {
    const vo = 4 + 2 * slot;
    if (vo >= t.vtableSize) return null;
    const fo = this.view.getUint16(t.vtable + vo, true);
    if (fo === 0) return null;
    const pos = t.pos + fo;
    this.need(pos, size, `${t.what}.${name}`);
    return pos;
  }

  int8(t: TableRef, slot: number, name: string, dflt: number): number {
    const p = this.field(t, slot, 1, name);
    return p === null ? dflt : this.view.getInt8(p);
  }

  uint32(t: TableRef, slot: number, name: string, dflt: number): number {
    const p = this.field(t, slot, 4, name);
    return p === null ? dflt : this.view.getUint32(p, true);
  }

  int64(t: TableRef, slot: number, name: string, dflt: bigint): bigint {
    const p = this.field(t, slot, 8, name);
    return p === null ? dflt : this.view.getBigInt64(p, true);
  }

  string(t: TableRef, slot: number, name: string): string | null {
    const p = this.field(t, slot, 4, name);
    return p === null ? null : this.stringAt(this.uoffsetTarget(p, `${t.what}.${name}`), `${t.what}.${name}`);
  }

  requiredString(t: TableRef, slot: number, name: string): string {
    const s = this.string(t, slot, name);
    if (s === null) this.fail(`required field ${t.what}.${name} is missing`);
    return s;
  }

  /** Decodes the string whose u32 length header is at `pos`. */
  stringAt(pos: number, what: string): string {
    const v = this.vectorAt(pos, 1, what);
    try {
      return utf8.decode(this.bytes.subarray(v.start, v.start + v.length));
    } catch (e) {
      throw new WireError(`${this.schema}: ${what} is not valid UTF-8`, { cause: e });
    }
  }

  vector(t: TableRef, slot: number, elemSize: number, name: string): VectorRef | null {
    const p = this.field(t, slot, 4, name);
    return p === null ? null : this.vectorAt(this.uoffsetTarget(p, `${t.what}.${name}`), elemSize, `${t.what}.${name}`);
  }

  vectorAt(pos: number, elemSize: number, what: string): VectorRef {
    this.need(pos, 4, what);
    const length = this.view.getUint32(pos, true);
    // length × elemSize < 2^35: exact in a double, so the bound check cannot overflow.
    this.need(pos + 4, length * elemSize, `${what} (${length} elements)`);
    return { start: pos + 4, length };
  }

  /** Element `i` of a vector of strings. */
  stringElement(v: VectorRef, i: number, what: string): string {
    const slot = v.start + 4 * i;
    return this.stringAt(this.uoffsetTarget(slot, `${what}[${i}]`), `${what}[${i}]`);
  }

  /** Element `i` of a vector of tables. */
  tableElement(v: VectorRef, i: number, what: string): TableRef {
    const slot = v.start + 4 * i;
    return this.tableAt(this.uoffsetTarget(slot, `${what}[${i}]`), `${what}[${i}]`);
  }
}
