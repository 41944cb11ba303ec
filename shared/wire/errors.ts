// Every malformed payload surfaces as a WireError, so callers (pump, inspector) can drop and
// report one message without confusing it with a bug in our own code.

export class WireError extends Error {
  override readonly name = 'WireError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isWireError(e: unknown): e is WireError {
  return e instanceof WireError;
}

/** Wraps an unexpected exception from a decoding step (e.g. a RangeError) with context. */
export function wrapWireError(context: string, e: unknown): WireError {
  if (e instanceof WireError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new WireError(`${context}: ${detail}`, { cause: e });
}
