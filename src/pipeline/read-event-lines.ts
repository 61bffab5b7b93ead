/**
 * A recorded event stream: JSON Lines (one CivGraph event JSON object per
 * line, as `civgraph replay` publishes and the `event` topic adapter reads).
 * A line that does not decode becomes a Diagnostic with its line and field;
 * the rest of the stream is kept.
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import { decodeEventObject } from './event-codec.js';
import type { DeviceDirectory, LiveEvent } from './live-event.js';

/** Decodes every non-blank line of `text` (from `file`, for the diagnostics). */
export function readEventLines(text: string, file: string, directory: DeviceDirectory): { events: LiveEvent[]; diagnostics: Diagnostic[] } {
  const events: LiveEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line) as unknown;
    } catch {
      diagnostics.push(diagnostic('CG_PIPELINE_PAYLOAD_INVALID', 'line is not valid JSON', { file, line: i + 1 }));
      return;
    }
    const decoded = decodeEventObject(raw, directory);
    if ('event' in decoded) events.push(decoded);
    else diagnostics.push(diagnostic('CG_PIPELINE_PAYLOAD_INVALID', decoded.reason, { file, line: i + 1, ...(decoded.field === '' ? {} : { field: decoded.field }) }));
  });
  return { events, diagnostics };
}
