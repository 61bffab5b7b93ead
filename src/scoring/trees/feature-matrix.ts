/**
 * A dense row-major feature matrix: the training input of every model. NaN marks
 * a missing value; trees learn where missing values go.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly columns: number;
  /** rows × columns values, row-major: value(r, c) = data[r * columns + c]. */
  readonly data: Float64Array;
  readonly featureNames: readonly string[];
}

export function createFeatureMatrix(rows: readonly (readonly number[])[], featureNames: readonly string[]): FeatureMatrix {
  const columns = featureNames.length;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((row, r) => data.set(row.length === columns ? row : row.slice(0, columns), r * columns));
  return { rows: rows.length, columns, data, featureNames };
}

/** Row r as a view (no copy). */
export function rowOf(matrix: FeatureMatrix, r: number): Float64Array {
  return matrix.data.subarray(r * matrix.columns, (r + 1) * matrix.columns);
}

/** A row's values as a string, equal for rows with equal feature vectors (for counting and grouping them). */
export function rowKey(matrix: FeatureMatrix, r: number): string {
  return rowOf(matrix, r).join(',');
}

/** A new matrix with only the given rows, in the given order. */
export function selectRows(matrix: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const data = new Float64Array(indices.length * matrix.columns);
  for (let i = 0; i < indices.length; i++) data.set(rowOf(matrix, indices[i] as number), i * matrix.columns);
  return { rows: indices.length, columns: matrix.columns, data, featureNames: matrix.featureNames };
}
