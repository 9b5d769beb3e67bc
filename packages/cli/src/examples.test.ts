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
});
