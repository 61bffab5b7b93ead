import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importXGBoostJson, parseBaseScore } from './xgboost-import.js';

/** The parts of an XGBoost JSON model these tests edit. */
interface XGBoostDoc {
  learner: {
    gradient_booster: { name: string; model: { trees: { split_type: number[]; sum_hessian: unknown }[] } };
    learner_model_param: { base_score: string; num_class: string };
  };
}

const model = (): XGBoostDoc =>
  JSON.parse(readFileSync(new URL('../../../fixtures/models/batadal-xgb-small.xgb.json', import.meta.url), 'utf8')) as XGBoostDoc;
const tree = (m: XGBoostDoc, i: number): XGBoostDoc['learner']['gradient_booster']['model']['trees'][number] =>
  m.learner.gradient_booster.model.trees[i] as XGBoostDoc['learner']['gradient_booster']['model']['trees'][number];

describe('XGBoost JSON import', () => {
  it('reads base_score written as "0.5", "5E-1" and "[5E-1]"', () => {
    expect(['0.5', '5E-1', '[5E-1]'].map((v) => parseBaseScore(v, '/p'))).toEqual([0.5, 0.5, 0.5]);
  });

  it('turns a logistic base_score into its logit margin', () => {
    const m = model();
    m.learner.learner_model_param.base_score = '[5E-1]';
    expect(importXGBoostJson(m).ensemble.baseMargin).toBe(0);
    expect(importXGBoostJson(m).link).toBe('logistic');
  });

  it('refuses what it cannot run with CG_MODEL_UNSUPPORTED and bad fields with a pointer', () => {
    const dart = model();
    dart.learner.gradient_booster.name = 'dart';
    const multi = model();
    multi.learner.learner_model_param.num_class = '3';
    const categorical = model();
    tree(categorical, 4).split_type[0] = 1;
    const broken = model();
    tree(broken, 7).sum_hessian = 'x';
    expect(() => importXGBoostJson(dart)).toThrowError(expect.objectContaining({ code: 'CG_MODEL_UNSUPPORTED' }));
    expect(() => importXGBoostJson(multi)).toThrowError(expect.objectContaining({ code: 'CG_MODEL_UNSUPPORTED' }));
    expect(() => importXGBoostJson(categorical)).toThrowError(
      expect.objectContaining({ code: 'CG_MODEL_UNSUPPORTED', details: { pointer: '/learner/gradient_booster/model/trees/4' } }),
    );
    expect(() => importXGBoostJson(broken)).toThrowError(
      expect.objectContaining({ code: 'CG_MODEL_INVALID', details: { pointer: '/learner/gradient_booster/model/trees/7/sum_hessian' } }),
    );
  });
});
