/**
 * The scoring capability's only public entry (DESIGN.md §6): tree models
 * (gradient-boosted trees, isolation forest, XGBoost JSON import) over one
 * tree-ensemble representation, exact TreeSHAP, calibration, drift-driven
 * sensor trust, features and the BATADAL / TON_IoT evaluations.
 */
export type { Tree, TreeEnsemble, SplitPrecision } from './trees/tree-ensemble.js';
export { treeDepth } from './trees/tree-ensemble.js';
export { createFeatureMatrix, rowOf, selectRows, type FeatureMatrix } from './trees/feature-matrix.js';
export { predictEnsemble, predictTree } from './trees/predict.js';
export { importXGBoostJson, type XGBoostImport } from './trees/xgboost-import.js';

export { createTreeShapExplainer, nodeMeans, type ShapExplanation, type TreeShapExplainer } from './shap/tree-shap.js';
export { explainRow, type Contribution, type RowExplanation } from './shap/explain-row.js';

export { trainGradientBoosting, DEFAULT_BOOSTING_PARAMS, type BoostingParams } from './models/gradient-boosting.js';
export {
  trainIsolationForest,
  averagePathLength,
  isolationScore,
  DEFAULT_ISOLATION_PARAMS,
  type IsolationForestParams,
} from './models/isolation-forest.js';
export { scoreRow, scoreOfRaw, type ModelKind, type RowScore, type ScoringModel } from './models/scoring-model.js';
export { parseModel, serializeModel, modelVersion, MODEL_FORMAT } from './models/model-file.js';

export { fitCalibration, calibrate, type Calibration, type CalibrationMethod } from './calibration/calibration.js';
export type { PlattCalibration } from './calibration/platt-scaling.js';
export type { IsotonicCalibration } from './calibration/isotonic-calibration.js';

export { createPageHinkley, updatePageHinkley, type PageHinkleyParams, type PageHinkleyState } from './drift/page-hinkley.js';
export {
  createSensorTrustTracker,
  DEFAULT_SENSOR_TRUST_PARAMS,
  type SensorTrustParams,
  type SensorTrustTracker,
  type TrustUpdate,
} from './drift/sensor-trust.js';

export { batadalScore, combineBatadal, attackRuns, BATADAL_GAMMA, type BatadalScore, type AttackDetection } from './evaluation/batadal-score.js';
export { binaryMetrics, type BinaryMetrics } from './evaluation/binary-metrics.js';
export { alarmReasons, applyAlarmPolicy, describeAlarmPolicy, tuneAlarmPolicy, ALARM_RELEASE_FACTORS, type AlarmPolicy, type AlarmPolicyGrid, type AlarmReason } from './evaluation/alarm-policy.js';
export { fitHydraulicNormalModel, hydraulicResiduals, CTOWN_TANK_BALANCES, type HydraulicNormalModel, type HydraulicResiduals } from './features/ctown-hydraulics.js';
export { readBatadalFolder, readBatadalFrame, BATADAL_TAGS, type BatadalFrame } from './evaluation/batadal-data.js';
export { evaluateBatadal, DEFAULT_BATADAL_PROTOCOL, type BatadalEvaluation, type BatadalProtocol } from './evaluation/batadal-evaluation.js';
export { evaluateSim, DEFAULT_SIM_OPTIONS, type SimEvaluation, type SimOptions, type SimScenarioResult, type SimDetection } from './evaluation/sim-evaluation.js';
export { fitSimBaseline, simEventFeatures, SIM_FEATURE_NAMES, type SimBaseline } from './features/sim-event-features.js';
export { listTonIotDevices, readTonIotFile, TON_IOT_EXCLUDED, type TonIotFile } from './evaluation/ton-iot-data.js';
export {
  evaluateTonIotDevice,
  featureVectorCeiling,
  TON_IOT_BOOSTING,
  TON_IOT_CAPACITIES,
  type FeatureVectorCeiling,
  type TonIotCapacity,
  type TonIotCapacityTrial,
  type TonIotDeviceResult,
} from './evaluation/ton-iot-evaluation.js';

export { buildBatadalFeatures, fitBatadalNormalModel, BATADAL_FEATURE_SET, type BatadalFeatures, type BatadalNormalModel } from './features/batadal-features.js';
export { batadalDeviations, type TagDeviation } from './features/batadal-explanation.js';
export { CTOWN_CONTROL_RULES, expectedActuatorState, type ControlRule } from './features/ctown-control-rules.js';

export { modelAlarmPolicy, scoreCsv, type ScoreCsvOptions, type ScoredFile, type ScoredRow } from './io/score-csv-file.js';
export { writePredictionsCsv, type PredictionRow } from './io/write-predictions.js';
export { readCsvTable, type CsvTable } from './io/read-csv-table.js';
export { parseCell, STATE_WORDS } from './io/parse-cell.js';

export type { LiveContribution, LiveScore, LiveScorer } from './live/types.js';
export type { CorrelationInput, CorrelationLink, CorrelatedIncident, CorrelationUpdate, IncidentCorrelator } from './correlation/types.js';

// -- issue 6 live scoring and correlation (h1) --
export {
  createIncidentCorrelator,
  CORRELATION_LINK_KINDS,
  type CorrelationLinkKind,
  type IncidentCorrelatorOptions,
} from './correlation/create-incident-correlator.js';
export { createLiveScorer, LIVE_TRUST_PARAMS, type LiveScorerOptions } from './live/create-live-scorer.js';
export { loadLiveScorer, loadLiveModel, SIM_LIVE_MODEL_PATH, type LoadLiveScorerOptions } from './live/load-live-scorer.js';
export { simDetectionTable, type SimDetectionOptions, type SimDetectionRow, type SimDetectionCounts } from './correlation/sim-detection-table.js';
export { renderSimDetectionTable } from './correlation/render-sim-detection-table.js';
export { trainLiveScorer, deviceLookups, LIVE_BOOSTING, type TrainLiveScorerOptions } from './live/train-live-scorer.js';
export { parseLiveModel, serializeLiveModel, LIVE_FEATURES_TAG, type LiveModel } from './live/live-model.js';
export { StreamingSimFeatures, LIVE_FEATURE_NAMES, type DeviceElement, type SeriesPrior, type StreamingFeatureOptions } from './features/streaming-sim-features.js';
export { fitSeriesPriors } from './features/series-priors.js';
export { measureLiveScoring, type MeasureLiveScoringOptions, type LiveScoringFigures } from './live/measure-live-scoring.js';

// h8 (issue 6 items 6, 8): flat ensemble layout and the TON_IoT FPR-bounded threshold.
export { flattenEnsemble, predictFlat, type FlatEnsemble } from './trees/flat-ensemble.js';
export { tuneThreshold, TON_IOT_MAX_FPR } from './evaluation/ton-iot-evaluation.js';
