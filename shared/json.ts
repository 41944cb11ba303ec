// JSON values as zod schemas: layer params, command results and catalogue defaults are
// plain JSON, nested as the reference's services and plotters expect them.
import { z } from 'zod';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string().max(100_000), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema).max(10_000), z.record(z.string().max(200), JsonValueSchema)]),
);
export const JsonObjectSchema = z.record(z.string().max(200), JsonValueSchema);
