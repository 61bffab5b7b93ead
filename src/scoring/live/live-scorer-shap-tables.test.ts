import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTreeShapExplainer } from '../shap/tree-shap.js';
import * as leafPaths from '../shap/leaf-path-shap.js';
import { createLiveScorer } from './create-live-scorer.js';
import { parseLiveModel } from './live-model.js';

// Counts leaf-path table builds while keeping the real implementation.
vi.mock('../shap/leaf-path-shap.js', async (importOriginal) => {
  const real = await importOriginal<typeof leafPaths>();
  return { ...real, buildLeafPaths: vi.fn(real.buildLeafPaths) };
});

const MODEL_FILE = fileURLToPath(new URL('../../../fixtures/models/sim-live/sim-live-scorer.json', import.meta.url));
const model = parseLiveModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));

describe('leaf-path tables are built only for the fast TreeSHAP path', () => {
  beforeEach(() => {
    vi.mocked(leafPaths.buildLeafPaths).mockClear();
  });

  it('the live scorer builds them once, when it is made (Linear TreeSHAP for its flagged events)', () => {
    createLiveScorer({ model });
    expect(vi.mocked(leafPaths.buildLeafPaths).mock.calls.length).toBe(1);
  });

  it('fast: false builds none and gives the fast path values to 1e-12; the default builds them once', () => {
    const reference = createTreeShapExplainer(model.model.ensemble, { fast: false });
    expect(vi.mocked(leafPaths.buildLeafPaths).mock.calls.length).toBe(0);
    const fast = createTreeShapExplainer(model.model.ensemble);
    expect(vi.mocked(leafPaths.buildLeafPaths).mock.calls.length).toBe(1);
    const x = Float64Array.from(model.model.ensemble.featureNames, (_, i) => (i % 3) - 0.5);
    const a = reference.explain(x).contributions;
    const b = fast.explain(x).contributions;
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(1e-12);
  });
});
