/**
 * Growth helpers for the typed arrays behind the projection. Capacity doubles
 * so that n appends cost O(n) copies in total; fill values mark "absent"
 * (NaN for numbers, -1 for codes) so a grown slot never looks like data.
 */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Uint32Array
  | Int32Array
  | Uint16Array
  | Uint8Array
  | Int8Array;

interface NumericArrayConstructor<T extends NumericArray> {
  new (length: number): T;
}

/** The next capacity at least `needed`, doubling from `current` (minimum 16). */
export function nextCapacity(current: number, needed: number): number {
  let capacity = Math.max(16, current);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

/**
 * A copy of `array` with `capacity` slots; slots past the old length hold `fill`.
 * Returns `array` itself when it is already large enough.
 */
export function growArray<T extends NumericArray>(array: T, capacity: number, fill: number): T {
  if (array.length >= capacity) return array;
  const ctor = array.constructor as NumericArrayConstructor<T>;
  const grown = new ctor(capacity);
  grown.set(array as unknown as ArrayLike<number>);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

/** A new array of `length` slots all holding `fill`. */
export function filledArray<T extends NumericArray>(ctor: NumericArrayConstructor<T>, length: number, fill: number): T {
  const array = new ctor(length);
  if (fill !== 0) array.fill(fill);
  return array;
}
