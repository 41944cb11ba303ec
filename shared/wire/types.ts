// Decoded forms of the payloads on the ESS live-data topics (see docs/wire-protocol notes).
// Pure types: shared by main (decoding, storage) and renderer (never decodes, but shows units/labels).

export type DType =
  | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32'
  | 'int64' | 'uint64' | 'float32' | 'float64' | 'c_string';

export type NumericArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | Float32Array | Float64Array;

/** One da00 variable, exactly as on the wire (values in the wire dtype, C order). */
export interface Variable {
  name: string;
  unit: string | null;
  label: string | null;
  source: string | null;
  dtype: DType;
  /** Dimension names, outermost first. Empty for a 0-D scalar. */
  axes: string[];
  /**
   * False when the message carried no axis names and `axes` holds placeholders (dim_0, ...) so
   * the rest of the app can address dimensions; tools that print the wire (the inspector) omit them.
   */
  axesOnWire?: boolean;
  /** Empty for a 0-D scalar. */
  shape: number[];
  values: NumericArray | string[];
}

/** A whole da00 message. `timestamp` is int64 ns since the epoch, kept exact as bigint. */
export interface Da00Message {
  sourceName: string;
  timestamp: bigint;
  variables: Variable[];
}

export interface WorkflowId {
  instrument: string;
  name: string;
  version: number;
}

export interface JobId {
  sourceName: string;
  jobNumber: string;
}

/** The parsed JSON source_name of every message on the data topic. */
export interface ResultKey {
  workflowId: WorkflowId;
  jobId: JobId;
  outputName: string;
}
