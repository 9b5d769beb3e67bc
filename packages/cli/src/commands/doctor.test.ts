import { OPTIONAL_PACKAGES } from '@bench/datasets';
import { describe, expect, it } from 'vitest';
import { dataPackageReports } from './doctor';

describe('bench doctor: optional data packages', () => {
  it("reports each of @bench/datasets' optional peers with its installed version", () => {
    const reports = dataPackageReports();
    expect(reports.map((r) => r.packageName)).toEqual(Object.keys(OPTIONAL_PACKAGES));
    // The monorepo installs all three (devDependencies of @bench/datasets).
    for (const r of reports) {
      expect(r.installed, r.packageName).toBe(true);
      expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.remedy).toBeUndefined();
    }
  });
});
