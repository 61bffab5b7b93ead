/**
 * SCADA tag tables: one row per historian tag, naming the physical element it
 * measures or drives, the quantity, the unit and the PLC that reports it — the
 * shape of BATADAL's `batadal_scada_tags.csv` (C-Town, Taormina et al. 2018):
 * `tag,element,element_type,quantity,unit,reported_by_plc,attached_to`.
 */
export const SCADA_COLUMNS = ['tag', 'element', 'element_type', 'quantity', 'unit', 'reported_by_plc', 'attached_to'] as const;
export type ScadaRow = Readonly<Record<(typeof SCADA_COLUMNS)[number], string>>;

/** The columns a row must carry; returns the first missing one. */
export function missingColumn(row: Readonly<Record<string, string>>): string | undefined {
  return (['tag', 'element', 'element_type', 'quantity'] as const).find((c) => !row[c] || row[c].trim() === '');
}

/** True when a header row is a SCADA tag table (used by format detection). */
export function isScadaHeader(header: readonly string[]): boolean {
  return SCADA_COLUMNS.every((c) => header.includes(c));
}
