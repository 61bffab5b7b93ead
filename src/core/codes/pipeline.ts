import type { ErrorCodeSpec } from './types.js';

/** Codes for the pipeline capability (the live loop). Documented in docs/errors/pipeline.md. */
export const PIPELINE_CODES = {
  CG_PIPELINE_TOPIC_UNMAPPED: { category: 'validation', summary: 'A message arrived on a topic whose type level has no payload adapter.' },
  CG_PIPELINE_PAYLOAD_INVALID: { category: 'validation', summary: 'A message payload could not be decoded into an event.' },
  CG_PIPELINE_ALERT_UNKNOWN: { category: 'not_found', summary: 'Feedback named an alert the live history does not hold.' },
  CG_PIPELINE_DECISION_UNKNOWN: { category: 'not_found', summary: 'An approval named a decision that neither the live history nor the decision log holds.' },
  CG_PIPELINE_APPROVAL_UNKNOWN: { category: 'not_found', summary: 'An approval named an action that is not waiting for approval in that decision.' },
  CG_PIPELINE_APPROVAL_RESOLVED: { category: 'conflict', summary: 'The action was already approved or rejected.' },
  CG_PIPELINE_BROKER_UNAVAILABLE: { category: 'unavailable', summary: 'The MQTT broker could not be reached or refused the connection or subscription.' },
  CG_PIPELINE_STORE_PENDING: { category: 'unavailable', summary: 'Submitted events were accepted and processed but the store has not committed them in time.' },
} as const satisfies Record<string, ErrorCodeSpec>;
