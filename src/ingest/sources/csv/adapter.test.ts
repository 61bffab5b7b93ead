import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../declarative/load-mapping.js';
import { collect } from '../../testing/collect.js';
import { mappingFixture, sourceFixture } from '../../testing/fixture-paths.js';
import { csvAdapter, csvRows } from './adapter.js';

describe('csvAdapter with declarative mappings', () => {
  it('maps the Aarhus traffic inventory: FlowSensor per report, zone ensured, units converted', async () => {
    const mapping = await loadMapping(mappingFixture('aarhus-traffic.json'));
    const text = readFileSync(sourceFixture('csv', 'citypulse-aarhus-traffic.csv'), 'utf8');
    const r = await collect(csvAdapter.read({ source: 'aarhus.csv', text }, { mapping }));
    expect([r.records.length, r.rejected.length]).toEqual([10, 0]);
    const first = r.records[0];
    expect(first?.nodes[0]).toMatchObject({ id: 'citypulse:aarhus:158895', kind: 'FlowSensor', props: { lat: 56.2149789163549, lon: 10.13969570304107, x_distanceKm: 1.505, x_roadType: 'major', zone: 'zone:dk-8200' } });
    expect(first?.ensureNodes).toEqual([{ id: 'zone:dk-8200', kind: 'Zone', props: { name: 'Aarhus 8200' } }]);
    expect(first?.edges).toEqual([{ kind: 'locatedIn', from: 'citypulse:aarhus:158895', to: 'zone:dk-8200' }]);
    expect(first?.identities).toEqual({ 'citypulse:aarhus:158895': { declaredId: 'citypulse:158895' } });
  });

  it('maps the Chicago AoT list and drops 0,0 coordinates (nullIf)', async () => {
    const mapping = await loadMapping(mappingFixture('chicago-aot.json'));
    const text = readFileSync(sourceFixture('csv', 'aot-chicago-nodes.csv'), 'utf8');
    const r = await collect(csvAdapter.read({ source: 'aot.csv', text }, { mapping }));
    expect(r.nodes.map((n) => [n.id, n.props?.['lat'] ?? null])).toEqual([
      ['aot:chicago:0', null], ['aot:chicago:1', null], ['aot:chicago:2', null], ['aot:chicago:3', 41.878377], ['aot:chicago:4', null],
      ['aot:chicago:5', 41.858136], ['aot:chicago:6', null], ['aot:chicago:7', null], ['aot:chicago:8', null], ['aot:chicago:9', 41.9262614],
    ]);
  });

  it('rejects a row whose id column is empty and a row with a quoting error, each at its line', async () => {
    const mapping = await loadMapping(mappingFixture('chicago-aot.json'));
    const text = ',EPSG:4326_Long,EPSG:4326_Lat,Address,Description\n1,0,0,A,B\n,0,0,no id,x\n3,0,0,"unterminated,x\n';
    const r = await collect(csvAdapter.read({ source: 'bad.csv', text }, { mapping }));
    expect(r.records.map((x) => x.nodes[0]?.id)).toEqual(['aot:chicago:1']);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line ?? null, x.diagnostic.location.field ?? null])).toEqual([
      ['CG_INGEST_RECORD_INVALID', 3, ''],
      ['CG_INGEST_SYNTAX', 4, null],
    ]);
  });

  it('goes on after a stray or unclosed quote in mid-file, keeping every later row, each error at the line it starts on', async () => {
    const mapping = await loadMapping(mappingFixture('chicago-aot.json'));
    const head = ',EPSG:4326_Long,EPSG:4326_Lat,Address,Description\r\n';
    // A quoted CRLF (rows 2–3), an empty line, a stray quote (line 5), an unclosed one (line 7): csv-parse's own recovery lost every row after line 5.
    const text = `${head}1,0,0,"two\r\nlines",B\r\n\r\n2,0,0,"bad"x,B\r\n3,0,0,ok,B\r\n4,0,0,"open,B\r\n5,0,0,ok,B\r\n6,0,0,ok,B`;
    const r = await collect(csvAdapter.read({ source: 'quotes.csv', text }, { mapping }));
    expect(r.records.map((x) => x.nodes[0]?.id)).toEqual(['aot:chicago:1', 'aot:chicago:3', 'aot:chicago:5', 'aot:chicago:6']);
    const lines: (number | string)[] = [];
    for await (const row of csvRows(text, ',', 'quotes.csv')) lines.push('skip' in row ? `syntax ${row.line}` : row.info.lines);
    expect(lines).toEqual([2, 'syntax 5', 6, 'syntax 7', 8, 9]);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line, x.index])).toEqual([
      ['CG_INGEST_SYNTAX', 5, 1],
      ['CG_INGEST_SYNTAX', 7, 3],
    ]);
    // A rejected record keeps its place in the count: the rows around it are records 0, 2, 4 and 5.
    expect(r.records.map((x) => x.index)).toEqual([0, 2, 4, 5]);
    expect(r.rejected[0]?.diagnostic.message).toMatch(/^CSV syntax error: Invalid Closing Quote: got "x" instead of delimiter/);
    expect(r.rejected[0]?.diagnostic.message).not.toMatch(/at line/);
  });

  it('places rows after a BOM and empty lines, reads a header with a quoted line break, and rejects a bad record spanning lines once', async () => {
    const rows = async (text: string): Promise<string[]> => {
      const out: string[] = [];
      for await (const row of csvRows(text, ',', 't.csv', { fastPath: false })) out.push('skip' in row ? `syntax ${row.line} #${row.skip.index}` : `${row.info.lines} ${JSON.stringify(row.record)}`);
      return out;
    };
    expect(await rows('\ufeff\n\nid,x\n1,"a"\n2,"b"z\n3,c\n')).toEqual(['4 {"id":"1","x":"a"}', 'syntax 5 #1', '6 {"id":"3","x":"c"}']);
    expect(await rows('"i\nd",x\n1,a\n2,"b"z\n3,c\n')).toEqual(['3 {"i\\nd":"1","x":"a"}', 'syntax 4 #1', '5 {"i\\nd":"3","x":"c"}']);
    // Quoted line breaks, then a stray quote inside an unquoted field: one rejection, parsing resumes after the record.
    expect(await rows('id,x,y\n1,"one\ntwo\nthree",x"y\n2,ok,ok\n')).toEqual(['syntax 2 #0', '5 {"id":"2","x":"ok","y":"ok"}']);
    // An unclosed quote: parsing resumes on the next line, not at the end of the file.
    expect(await rows('id,x\n1,"open\n2,b\n')).toEqual(['syntax 2 #0', '3 {"id":"2","x":"b"}']);
  });

  it('rejects a file whose header it cannot read once, at the header line', async () => {
    const mapping = await loadMapping(mappingFixture('chicago-aot.json'));
    const r = await collect(csvAdapter.read({ source: 'head.csv', text: '\n"id,x\n1,2\n' }, { mapping }));
    expect(r.records).toEqual([]);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line, x.index])).toEqual([['CG_INGEST_SYNTAX', 2, 0]]);
  });
});
