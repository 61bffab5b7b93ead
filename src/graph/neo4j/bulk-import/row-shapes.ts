/**
 * The import file group of a row, found again without building anything: a
 * row of a known shape (the same keys in the same order, each value of the
 * same CSV column type or again a fix-up) belongs to the group that shape went
 * to. Finding the group from a per-row signature string and column list (the
 * way a new shape is still resolved, ./import-files.ts) allocated several
 * objects per row; at 2.2M rows that garbage was most of the CSV phase's
 * collector time. Groups and fix-ups stay exactly what the signature gives.
 */
import { FIELD_ID, FIELD_KIND, type StoredProps } from '../props-codec.js';
import { csvColumnType, csvKeyFits, type CsvColumnType } from './csv-field.js';

/** Store fields every row writes in fixed columns (not property columns). */
export const FIXED_FIELDS: ReadonlySet<string> = new Set([FIELD_ID, FIELD_KIND]);

/** Shapes kept per kind or type: rows of one kind rarely have more (the city's have one or two). */
const MAX_SHAPES = 16;

interface Shape<G> {
  readonly keys: readonly string[];
  /** Per key: its column type, or `undefined` for a fix-up (the value or the key does not fit a CSV column). */
  readonly types: readonly (CsvColumnType | undefined)[];
  readonly fits: readonly boolean[];
  readonly fixups: boolean;
  readonly group: G;
}

/** A known row's group and its fix-up properties (null when it has none). */
export interface ShapeMatch<G> {
  readonly group: G;
  readonly fixup: StoredProps | null;
}

function matches<G>(shape: Shape<G>, props: StoredProps): boolean {
  let index = 0;
  for (const key in props) {
    if (FIXED_FIELDS.has(key)) continue;
    if (key !== shape.keys[index]) return false;
    if (shape.fits[index] === true && csvColumnType(props[key] as StoredProps[string]) !== shape.types[index]) return false;
    index += 1;
  }
  return index === shape.keys.length;
}

function fixupOf<G>(shape: Shape<G>, props: StoredProps): StoredProps | null {
  if (!shape.fixups) return null;
  const fixup: StoredProps = {};
  shape.keys.forEach((key, index) => {
    if (shape.types[index] === undefined) fixup[key] = props[key] as StoredProps[string];
  });
  return fixup;
}

/** Row shapes per kind (nodes) or relationship type (edges), most recent first. */
export class RowShapes<G> {
  readonly #byName = new Map<string, Shape<G>[]>();

  /** The group and fix-up of a row whose shape was {@link add}ed under `name`, else undefined. */
  find(name: string, props: StoredProps): ShapeMatch<G> | undefined {
    const shapes = this.#byName.get(name);
    if (shapes === undefined) return undefined;
    for (const shape of shapes) {
      if (matches(shape, props)) return { group: shape.group, fixup: fixupOf(shape, props) };
    }
    return undefined;
  }

  /** Records the shape of `props` (a row just resolved to `group`) under `name`. */
  add(name: string, props: StoredProps, group: G): void {
    const keys: string[] = [];
    const types: (CsvColumnType | undefined)[] = [];
    const fits: boolean[] = [];
    for (const key of Object.keys(props)) {
      if (FIXED_FIELDS.has(key)) continue;
      const keyFits = csvKeyFits(key);
      keys.push(key);
      fits.push(keyFits);
      types.push(keyFits ? csvColumnType(props[key] as StoredProps[string]) : undefined);
    }
    const shapes = this.#byName.get(name) ?? [];
    shapes.unshift({ keys, types, fits, fixups: types.includes(undefined), group });
    if (shapes.length > MAX_SHAPES) shapes.pop();
    this.#byName.set(name, shapes);
  }
}
