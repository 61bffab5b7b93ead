import { describe, expect, it } from 'vitest';
import { recalibrateThreshold, trainsThreshold } from './feedback.js';

describe('threshold recalibration from analyst verdicts', () => {
  it('moves one bounded step on confirmed outcomes only', () => {
    expect(recalibrateThreshold(0.5, 'TRUE_POSITIVE')).toBe(0.48);
    expect(recalibrateThreshold(0.5, 'FALSE_POSITIVE')).toBe(0.52);
    expect(recalibrateThreshold(0.5, 'BENIGN')).toBe(0.5);
    expect(['TRUE_POSITIVE', 'FALSE_POSITIVE', 'BENIGN'].map((v) => trainsThreshold(v as 'BENIGN'))).toEqual([true, true, false]);
  });

  it('stays within [min, max] however many verdicts arrive', () => {
    let t = 0.5;
    for (let i = 0; i < 100; i++) t = recalibrateThreshold(t, 'FALSE_POSITIVE', { step: 0.05, min: 0.3, max: 0.9 });
    expect(t).toBe(0.9);
    for (let i = 0; i < 100; i++) t = recalibrateThreshold(t, 'TRUE_POSITIVE', { step: 0.05, min: 0.3, max: 0.9 });
    expect(t).toBe(0.3);
  });
});
