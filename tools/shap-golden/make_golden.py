"""Generate TreeSHAP golden vectors for CivGraph's scoring tests.

Trains a small binary:logistic XGBoost model on the committed BATADAL slice
(fixtures/datasets/batadal/training2-slice.csv, label ATT_FLAG), saves it as
XGBoost JSON, and writes exact SHAP values (pred_contribs=True) and margins for
50 rows, some with missing values, so the Node TreeSHAP can be checked against
the reference implementation (Lundberg et al. 2020, Algorithm 2, as in xgboost).

Run from the repository root:
    pip install -r tools/shap-golden/requirements.txt
    python tools/shap-golden/make_golden.py
"""
import csv
import json
import os

import numpy as np
import xgboost as xgb

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "fixtures", "datasets", "batadal", "training2-slice.csv")
OUT_DIR = os.path.join(ROOT, "fixtures", "models")
NAME = "batadal-xgb-small"
SEED = 7


def load():
    with open(DATA, newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    features = header[1:-1]
    x = np.array([[float(v) for v in row[1:-1]] for row in rows[1:]], dtype=np.float64)
    y = np.array([float(row[-1]) for row in rows[1:]], dtype=np.float64)
    return features, x, y


def main():
    features, x, y = load()
    rng = np.random.default_rng(SEED)
    x_train = x.copy()
    # Sprinkle missing values so the trees learn default directions.
    x_train[rng.random(x_train.shape) < 0.03] = np.nan
    dtrain = xgb.DMatrix(x_train, label=y, feature_names=features, missing=np.nan)
    params = {
        "objective": "binary:logistic",
        "max_depth": 5,
        "eta": 0.1,
        "lambda": 1.0,
        "min_child_weight": 1.0,
        "subsample": 0.8,
        "colsample_bytree": 0.8,
        "tree_method": "hist",
        "seed": SEED,
        "nthread": 1,
    }
    booster = xgb.train(params, dtrain, num_boost_round=100)
    model_path = os.path.join(OUT_DIR, f"{NAME}.xgb.json")
    booster.save_model(model_path)

    pick = rng.choice(x.shape[0], size=50, replace=False)
    rows = x[np.sort(pick)].copy()
    rows[rng.random(rows.shape) < 0.05] = np.nan
    drows = xgb.DMatrix(rows, feature_names=features, missing=np.nan)
    contribs = booster.predict(drows, pred_contribs=True)
    margins = booster.predict(drows, output_margin=True)
    probabilities = booster.predict(drows)

    def clean(values):
        return [None if np.isnan(v) else float(v) for v in values]

    golden = {
        "source": "tools/shap-golden/make_golden.py",
        "xgboost": xgb.__version__,
        "model": f"{NAME}.xgb.json",
        "featureNames": features,
        "rows": [
            {
                "x": clean(rows[i]),
                "contributions": [float(v) for v in contribs[i][:-1]],
                "bias": float(contribs[i][-1]),
                "margin": float(margins[i]),
                "probability": float(probabilities[i]),
            }
            for i in range(rows.shape[0])
        ],
    }
    with open(os.path.join(OUT_DIR, f"{NAME}.golden.json"), "w") as handle:
        json.dump(golden, handle, indent=1)
        handle.write("\n")
    print(f"wrote {model_path} and {NAME}.golden.json ({rows.shape[0]} rows)")


if __name__ == "__main__":
    main()
