import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDecision, type DecisionRecord } from '../../src/decision/index.js';
import { startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

/** Debian's chromium (`apt-get install -y chromium`); tests fail loudly if it is missing. */
const CHROMIUM = process.env['CIVGRAPH_CHROMIUM'] ?? '/usr/bin/chromium';

/** Distinct RGB triples in the PNG's inflated scanlines: a blank page has a handful. */
function pngVariety(png: Buffer): number {
  const chunks: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') chunks.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const seen = new Set<number>();
  for (let i = 0; i + 2 < raw.length && seen.size < 5000; i += 3) seen.add((raw[i]! << 16) | (raw[i + 1]! << 8) | raw[i + 2]!);
  return seen.size;
}

/** Evaluates an expression in the page (strings: the project's tsconfig has no DOM types). */
const explorer = <T>(page: Page, body: string): Promise<T> => page.evaluate(body) as Promise<T>;
const nameOf = (page: Page, id: string): Promise<string> => explorer<string>(page, `window.civgraphExplorer.model().nodes.get(${JSON.stringify(id)}).name`);

describe('risk explorer in headless chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-explorer-'));

  beforeAll(async () => {
    server = await startTestServer({ explorer: true, devices: 1500, decisions: true });
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) problems.push(`off-site request ${r.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (!process.env['CIVGRAPH_KEEP_SCREENSHOT']) rmSync(dir, { recursive: true, force: true });
  });

  it('loads, signs in, searches, draws a risk graph, expands a node, highlights a path and groups a large graph', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#api-key', TEST_KEYS.analyst);
    await page.click('#auth-save');
    await expect.poll(() => page.textContent('#auth-status')).toBe('key set for this tab');

    // What can harm Hospital 0? (its exposure: upstream)
    await page.selectOption('#direction', 'UPSTREAM');
    await page.fill('#search', 'Hospital 0');
    await page.click('#search-form button');
    await page.waitForSelector('#results button[data-id="hosp-0"]');
    await page.click('#results button[data-id="hosp-0"]');
    await expect.poll(() => page.textContent('#summary')).toMatch(/^Hospital 0:/);
    const loaded = await explorer<number>(page, 'window.civgraphExplorer.model().nodes.size');
    expect(loaded).toBeGreaterThan(10);
    expect(await explorer<number>(page, 'window.civgraphExplorer.cy().nodes().length')).toBe(loaded);
    await page.waitForSelector('#details h3');
    expect(await page.textContent('#details h3')).toBe('Hospital 0');

    // Expand the farthest node's neighbours.
    const leaf = await explorer<string>(page, '[...window.civgraphExplorer.model().nodes.values()].sort((a, b) => b.hops - a.hops || a.id.localeCompare(b.id))[0].id');
    await page.click(`#node-table button[data-id="${leaf}"]`);
    await expect.poll(() => page.textContent('#details h3')).toBe(await nameOf(page, leaf));
    await page.click('#expand-node');
    await expect.poll(() => page.textContent('#summary')).toContain('Expanded');
    expect(await explorer<number>(page, 'window.civgraphExplorer.model().nodes.size')).toBeGreaterThan(loaded);

    // Highlight the most probable path from a 3-hop node to the hospital.
    const far = await explorer<string>(page, '[...window.civgraphExplorer.model().nodes.values()].filter((n) => n.hops >= 2 && n.via).sort((a, b) => b.hops - a.hops || b.risk - a.risk || a.id.localeCompare(b.id))[0].id');
    await page.click(`#node-table button[data-id="${far}"]`);
    await expect.poll(() => page.textContent('#details h3')).toBe(await nameOf(page, far));
    await page.click('#path-end');
    await page.waitForSelector('#path-summary');
    const farHops = await explorer<number>(page, `window.civgraphExplorer.model().nodes.get(${JSON.stringify(far)}).hops`);
    const farRisk = await explorer<number>(page, `window.civgraphExplorer.model().nodes.get(${JSON.stringify(far)}).risk`);
    expect(await page.textContent('#path-summary')).toBe(`${farHops} hop(s), path probability ${farRisk.toFixed(3)} (product of transmissions).`);
    expect(await page.locator('#path .hop').count()).toBe(farHops);
    expect(await explorer<number>(page, "window.civgraphExplorer.cy().edges('.on-path').length")).toBe(farHops);

    const screenshot = join(dir, 'explorer.png');
    writeFileSync(screenshot, await page.screenshot());
    expect(statSync(screenshot).size).toBeGreaterThan(40_000);
    expect(pngVariety(await page.screenshot())).toBeGreaterThan(200);
    process.stdout.write(`explorer screenshot: ${screenshot} (${statSync(screenshot).size} bytes)\n`);

    // A large graph (everything a substation powers) is drawn grouped by domain and says what is hidden.
    await page.selectOption('#direction', 'DOWNSTREAM');
    await page.fill('#search', 'Substation 0');
    await page.click('#search-form button');
    await page.waitForSelector('#results button[data-id="sub-0"]');
    await page.click('#results button[data-id="sub-0"]');
    await expect.poll(() => page.textContent('#summary')).toContain('hidden in');
    expect(await page.textContent('#summary')).toMatch(/^Substation 0: \d+ nodes loaded \(\d+ at or above the risk threshold\)\. \d+ nodes hidden in \d+ domain groups — click a group to expand it\.$/);
    const groups = await explorer<string[]>(page, "window.civgraphExplorer.cy().nodes('.group').map((n) => n.id())");
    expect(groups.length).toBeGreaterThan(1);
    const hiddenBefore = Number(/(\d+) nodes hidden/.exec((await page.textContent('#summary')) ?? '')?.[1]);
    await page.click('#node-table button.group-row >> nth=0');
    await expect.poll(async () => Number(/(\d+) nodes hidden/.exec((await page.textContent('#summary')) ?? '')?.[1] ?? '0')).toBeLessThan(hiddenBefore);
    writeFileSync(join(dir, 'explorer-grouped.png'), await page.screenshot());
    expect(problems).toEqual([]);
  }, 180_000);
  it('lists recent decisions and opens one: its rendered explanation, and its paths highlighted on the graph', async () => {
    const records = readFileSync(server.decisionLogPath, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { record: DecisionRecord }).record);
    const held = records.find((r) => r.pendingApproval.length > 0 && r.paths.length > 0)!;
    await page.click('#decisions-load');
    await page.waitForSelector(`#decisions button[data-decision-id="${held.id}"]`);
    expect(await page.locator('#decisions button').count()).toBe(records.length);
    expect(await page.textContent('#decisions-note')).toBe(`${records.length} most recent of ${records.length} decisions.`);
    expect(await page.textContent(`#decisions button[data-decision-id="${held.id}"]`)).toBe(`${held.time.slice(0, 16).replace('T', ' ')} · awaiting approval ${[...held.chosen, ...held.pendingApproval].map((a) => a.key).join(', ')}`);

    await page.click(`#decisions button[data-decision-id="${held.id}"]`);
    await page.waitForSelector('#decision-text');
    expect(await page.textContent('#details h3')).toBe(`Decision ${held.id}`);
    expect(await page.textContent('#decision-text')).toBe(renderDecision(held));
    const pathNodes = new Set(held.paths.flatMap((p) => p.nodes));
    const hops = new Set(held.paths.flatMap((p) => p.nodes.slice(1).map((to, i) => `${p.nodes[i]}->${to}`)));
    expect(await page.textContent('#summary')).toBe(`Decision ${held.id}: ${held.paths.length} propagation path(s) that justified it, highlighted (${pathNodes.size} assets).`);
    expect(new Set(await explorer<string[]>(page, "window.civgraphExplorer.cy().nodes('.on-path').map((n) => n.id())"))).toEqual(pathNodes);
    expect(new Set(await explorer<string[]>(page, "window.civgraphExplorer.cy().edges('.on-path').map((e) => `${e.source().id()}->${e.target().id()}`)"))).toEqual(hops);
    expect(await page.locator('#path .hop').count()).toBe(held.paths.length);
    expect(await explorer<string>(page, `window.civgraphExplorer.model().nodes.get(${JSON.stringify(held.paths[0]!.nodes[0])}).name`)).not.toBe(held.paths[0]!.nodes[0]);

    const screenshot = join(dir, 'explorer-decision.png');
    writeFileSync(screenshot, await page.screenshot());
    expect(pngVariety(await page.screenshot())).toBeGreaterThan(200);
    process.stdout.write(`explorer decision screenshot: ${screenshot} (${statSync(screenshot).size} bytes)\n`);
    expect(problems).toEqual([]);
  }, 120_000);
});
