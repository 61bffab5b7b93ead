/**
 * The declarative mapping language shared by the CSV inventory and vendor JSON
 * adapters: where a value comes from (column, JSON pointer, JSONPath, constant,
 * template, coalesce) and how it is transformed (a typed union: unit conversion,
 * lookup, time parsing, number/boolean/trim). Validated with zod once per file;
 * no string mini-language beyond `{field}` templates (STYLE.md counter-examples).
 */
import { z } from 'zod';

export const UNIT_FACTORS: Readonly<Record<string, { readonly dimension: string; readonly factor: number; readonly offset?: number }>> = {
  m: { dimension: 'length', factor: 1 }, cm: { dimension: 'length', factor: 0.01 }, mm: { dimension: 'length', factor: 0.001 },
  km: { dimension: 'length', factor: 1000 }, ft: { dimension: 'length', factor: 0.3048 },
  Pa: { dimension: 'pressure', factor: 1 }, kPa: { dimension: 'pressure', factor: 1000 }, bar: { dimension: 'pressure', factor: 100000 },
  psi: { dimension: 'pressure', factor: 6894.757 },
  'l/s': { dimension: 'flow', factor: 0.001 }, 'm3/s': { dimension: 'flow', factor: 1 }, 'm3/h': { dimension: 'flow', factor: 1 / 3600 },
  Cel: { dimension: 'temperature', factor: 1 }, K: { dimension: 'temperature', factor: 1, offset: -273.15 },
  degF: { dimension: 'temperature', factor: 5 / 9, offset: -32 * (5 / 9) },
  W: { dimension: 'power', factor: 1 }, kW: { dimension: 'power', factor: 1000 },
  Wh: { dimension: 'energy', factor: 1 }, kWh: { dimension: 'energy', factor: 1000 }, J: { dimension: 'energy', factor: 1 / 3600 },
  s: { dimension: 'time', factor: 1 }, min: { dimension: 'time', factor: 60 }, h: { dimension: 'time', factor: 3600 },
  'km/h': { dimension: 'speed', factor: 1 / 3.6 }, 'm/s': { dimension: 'speed', factor: 1 },
};

const unitName = z.string().refine((u) => Object.hasOwn(UNIT_FACTORS, u), { message: 'unknown unit' });

export const transformSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('unit'), from: unitName, to: unitName }).strict(),
  z.object({ type: z.literal('lookup'), table: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), default: z.union([z.string(), z.number(), z.boolean()]).optional() }).strict(),
  z.object({ type: z.literal('parseTime'), format: z.enum(['iso', 'epoch-s', 'epoch-ms', 'dd/mm/yy HH']) }).strict(),
  z.object({ type: z.literal('number') }).strict(),
  z.object({ type: z.literal('boolean') }).strict(),
  z.object({ type: z.literal('trim') }).strict(),
  z.object({ type: z.literal('prefix'), value: z.string() }).strict(),
  z.object({ type: z.literal('lowercase') }).strict(),
  z.object({ type: z.literal('nullIf'), values: z.array(z.union([z.string(), z.number()])) }).strict(),
]);
export type Transform = z.infer<typeof transformSchema>;

export type ValueSource =
  | { readonly column: string; readonly transforms?: readonly Transform[] }
  | { readonly pointer: string; readonly transforms?: readonly Transform[] }
  | { readonly path: string; readonly transforms?: readonly Transform[] }
  | { readonly const: string | number | boolean; readonly transforms?: readonly Transform[] }
  | { readonly template: string; readonly transforms?: readonly Transform[] }
  | { readonly coalesce: readonly ValueSource[]; readonly transforms?: readonly Transform[] };

const transforms = z.array(transformSchema).optional();
export const valueSourceSchema: z.ZodType<ValueSource> = z.lazy(() =>
  z.union([
    z.object({ column: z.string(), transforms }).strict(),
    z.object({ pointer: z.string().regex(/^(\/.*)?$/), transforms }).strict(),
    z.object({ path: z.string().regex(/^\$/), transforms }).strict(),
    z.object({ const: z.union([z.string(), z.number(), z.boolean()]), transforms }).strict(),
    z.object({ template: z.string().min(1), transforms }).strict(),
    z.object({ coalesce: z.array(valueSourceSchema).min(1), transforms }).strict(),
  ]),
);

export const edgeSpecSchema = z
  .object({
    kind: z.string().min(1),
    /** The other end; the record's node is `from` unless `reverse` is true. */
    to: valueSourceSchema,
    reverse: z.boolean().optional(),
    /** Create the other end when missing, with this kind (only if it does not exist yet). */
    ensure: z.object({ kind: z.string().min(1), props: z.record(z.string(), valueSourceSchema).optional() }).strict().optional(),
  })
  .strict();

export const recordMappingSchema = z
  .object({
    /** Fixed kind or a value source (e.g. a lookup over a type column). */
    kind: z.union([z.string().min(1), valueSourceSchema]),
    id: valueSourceSchema,
    props: z.record(z.string(), valueSourceSchema).default({}),
    identity: z.object({ serial: valueSourceSchema.optional(), mac: valueSourceSchema.optional(), declaredId: valueSourceSchema.optional() }).strict().optional(),
    edges: z.array(edgeSpecSchema).default([]),
    /** Rows where this source is empty/null are skipped (not rejected), e.g. a filter column. */
    skipUnless: valueSourceSchema.optional(),
  })
  .strict();

export const mappingFileSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    format: z.enum(['csv', 'json-mapping']),
    /** CSV only: the field delimiter (default `,`). */
    delimiter: z.string().length(1).optional(),
    /** JSON only: JSON pointer or JSONPath selecting the array of records (default: the document or its array). */
    records: z.string().optional(),
    /** Prefix for node ids, also the default scope name. */
    source: z.string().min(1),
    record: recordMappingSchema,
  })
  .strict();

export type EdgeSpec = z.infer<typeof edgeSpecSchema>;
export type RecordMapping = z.infer<typeof recordMappingSchema>;
export type MappingFile = z.infer<typeof mappingFileSchema>;
