import { describe, expect, it } from 'vitest';
import { DiagnosticBag, diagnostic, formatDiagnostic, formatLocation } from './diagnostics.js';

describe('diagnostics', () => {
  it('formats a full location as file:line (record, pointer, field)', () => {
    expect(formatLocation({ file: 'a.csv', line: 12, record: 11, pointer: '/3', field: 'mac' })).toBe(
      'a.csv:12 (record 11, /3, field mac)',
    );
    expect(formatLocation({ pointer: '' })).toBe('/');
    expect(formatLocation({})).toBe('');
  });

  it('formats a diagnostic on one line with code and place', () => {
    const d = diagnostic('CG_INPUT_INVALID', 'not a number', { file: 'x.csv', line: 3, field: 'L_T1' });
    expect(formatDiagnostic(d)).toBe('error CG_INPUT_INVALID at x.csv:3 (field L_T1): not a number');
  });

  it('counts errors but keeps warnings', () => {
    const bag = new DiagnosticBag();
    bag.add(diagnostic('A', 'w', {}, 'warning'));
    expect(bag.hasErrors).toBe(false);
    bag.add(diagnostic('B', 'e'));
    expect(bag.errorCount).toBe(1);
    expect(bag.items.map((d) => d.code)).toEqual(['A', 'B']);
  });
});
