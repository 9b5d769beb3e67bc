import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSweepPlan } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from './experiments';

const examples = resolve(__dirname, '../../../examples');

describe('examples', () => {
  const plans = readdirSync(examples)
    .map((d) => join(examples, d, 'plan.json'))
    .filter((p) => existsSync(p));

  it('ship at least one sweep plan', () => {
    expect(plans.length).toBeGreaterThan(0);
  });

  for (const plan of plans) {
    it(`${plan.slice(examples.length + 1)} is a valid plan for a known experiment`, () => {
      const parsed = parseSweepPlan(JSON.parse(readFileSync(plan, 'utf8')));
      expect(Object.keys(EXPERIMENTS)).toContain(parsed.experiment);
    });
  }

  // Each study's README links to its section of docs/experiments.md, and every image it shows exists.
  const docs = readFileSync(resolve(examples, '..', 'docs', 'experiments.md'), 'utf8');
  for (const dir of readdirSync(examples).filter((d) => /^e\d-/.test(d))) {
    it(`${dir}/README.md links to its specification and its images exist`, () => {
      const readme = readFileSync(join(examples, dir, 'README.md'), 'utf8');
      const id = dir.slice(0, 2);
      expect(readme).toContain(`(../../docs/experiments.md#${id})`);
      expect(docs).toContain(`<a id="${id}"></a>`);
      for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g))
        expect(existsSync(join(examples, dir, m[1])), m[1]).toBe(true);
    });
  }
});
