import { describe, expect, it } from 'vitest';
import { parseSbatchOptions, sbatchFlags } from './sbatch-options';

describe('parseSbatchOptions', () => {
  it('accepts the usual cluster values', () => {
    const o = parseSbatchOptions({
      partition: 'gpu-a100',
      account: 'proj_42',
      qos: 'normal',
      time: '01:00:00',
      mem: '16G',
      gres: 'gpu:a100:2',
      cpusPerTask: 8,
      jobName: 'bench-e3',
    });
    expect(sbatchFlags(o)).toEqual([
      '--job-name=bench-e3',
      '--partition=gpu-a100',
      '--account=proj_42',
      '--qos=normal',
      '--time=01:00:00',
      '--mem=16G',
      '--gres=gpu:a100:2',
      '--cpus-per-task=8',
    ]);
    for (const time of ['30', '30:00', '2-00', '2-12:30', '2-12:30:00', 'UNLIMITED'])
      expect(parseSbatchOptions({ time }).time).toBe(time);
    for (const gres of ['gpu', 'gpu:1', 'gpu:1,shard:2'])
      expect(parseSbatchOptions({ gres }).gres).toBe(gres);
  });

  it.each([
    ['partition', 'gpu\n#SBATCH --uid=0', /--partition .*Slurm name/],
    ['partition', '$(id)', /--partition/],
    ['account', 'a b', /--account/],
    ['qos', '-x', /--qos/],
    ['time', '1h', /--time "1h": .*HH:MM:SS/],
    ['time', '01:00:00; id', /--time/],
    ['mem', '16GB', /--mem "16GB"/],
    ['mem', '0', /--mem/],
    ['gres', 'gpu:`id`', /--gres/],
    ['gres', 'gpu::1', /--gres/],
    ['jobName', 'x y', /--job-name/],
  ])('rejects %s=%j, naming the flag and value', (key, value, message) => {
    expect(() => parseSbatchOptions({ [key]: value })).toThrow(message);
  });

  it('rejects unknown keys and non-positive counts', () => {
    expect(() => parseSbatchOptions({ uid: 0 })).toThrow(/invalid sbatch option/);
    expect(() => parseSbatchOptions({ cpusPerTask: 0 })).toThrow(/--cpus-per-task 0/);
  });
});
