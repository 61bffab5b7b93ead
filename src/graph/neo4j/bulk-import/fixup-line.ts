/**
 * One line of `fixups.jsonl`: properties of one node or relationship that the
 * importer's CSV cannot carry (./csv-field.ts), set with Cypher after the
 * import. JSON has no `-0`, so the places holding `-0` are listed in `z`
 * (`key` or `key/index`) and restored when read.
 */
import type { StoredProps } from '../props-codec.js';

/** A fix-up: a node (`node` id) or a relationship (`edge` id and its `type`), and its properties. */
export interface Fixup {
  readonly node?: string;
  readonly edge?: string;
  readonly type?: string;
  readonly p: StoredProps;
}

function negativeZeros(p: StoredProps): string[] {
  const places: string[] = [];
  for (const [key, value] of Object.entries(p)) {
    if (Object.is(value, -0)) places.push(key);
    else if (Array.isArray(value)) value.forEach((item: unknown, index) => Object.is(item, -0) && places.push(`${key}/${index}`));
  }
  return places;
}

/** The JSON line of a fix-up (without the line break). */
export function encodeFixup(fixup: Fixup): string {
  const z = negativeZeros(fixup.p);
  return JSON.stringify(z.length === 0 ? fixup : { ...fixup, z });
}

/** A fix-up from its JSON line. */
export function decodeFixup(line: string): Fixup {
  const parsed = JSON.parse(line) as Fixup & { z?: string[] };
  const p: Record<string, StoredProps[string]> = { ...parsed.p };
  for (const place of parsed.z ?? []) {
    const slash = place.lastIndexOf('/');
    const value = p[place];
    if (value !== undefined || slash < 0) p[place] = -0;
    else {
      const key = place.slice(0, slash);
      const items = [...(p[key] as readonly number[])];
      items[Number(place.slice(slash + 1))] = -0;
      p[key] = items;
    }
  }
  const { z: _z, ...rest } = parsed;
  return { ...rest, p };
}
