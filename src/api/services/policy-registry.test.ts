import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/start-test-server.js';
import { openPolicyRegistry, type PolicyFileInput } from './policy-registry.js';

const RULES = join(REPO_ROOT, 'rules');
const ruleFile = (path: string): PolicyFileInput => ({ path, text: readFileSync(join(RULES, 'policies', path), 'utf8') });
const FILES = [ruleFile('energy/substation-breaker-trip.json'), ruleFile('water/pump-forced-off.json')];

describe('openPolicyRegistry', () => {
  it('tells the loop before it serves the new bundle, and keeps the old one when the loop refuses', () => {
    const publishDir = mkdtempSync(join(tmpdir(), 'cg-policies-'));
    const seen: string[] = [];
    let refuse = false;
    const registry = openPolicyRegistry({
      dir: RULES,
      publishDir,
      onPublished: (_bundle, dir) => {
        seen.push(`${registry.active().name} -> ${dir === RULES ? 'rules' : 'staged'}`);
        if (refuse) throw new Error('loop is stopping');
      },
    });
    expect(registry.publish({ name: 'first', files: FILES, actor: 'a' }).name).toBe('first');
    expect(seen).toEqual(['rules -> staged']);
    refuse = true;
    expect(() => registry.publish({ name: 'second', files: FILES, actor: 'a' })).toThrowError(expect.objectContaining({ code: 'CG_API_POLICIES_UNAVAILABLE' }));
    expect(seen).toEqual(['rules -> staged', 'first -> staged']);
    expect(registry.active().name).toBe('first');
    expect(readdirSync(publishDir)).toEqual([registry.active().dir.slice(publishDir.length + 1)]);
  });

  it('removes the superseded published folder after a swap, never the configured rules folder', () => {
    const publishDir = mkdtempSync(join(tmpdir(), 'cg-policies-'));
    const registry = openPolicyRegistry({ dir: RULES, publishDir });
    const first = registry.publish({ name: 'first', files: FILES, actor: 'a' });
    expect(existsSync(RULES)).toBe(true);
    expect(readdirSync(publishDir)).toEqual([first.dir.slice(publishDir.length + 1)]);
    const second = registry.publish({ name: 'second', files: FILES, actor: 'a' });
    expect(existsSync(first.dir)).toBe(false);
    expect(readdirSync(publishDir)).toEqual([second.dir.slice(publishDir.length + 1)]);
    expect(existsSync(join(RULES, 'policies'))).toBe(true);
  });
});
