// A CPU quota for a process and what it forks (a Linux cgroup's `cpu` controller), so a slow boot can
// be made really slow: the real gateway gaining CPU slowly, not listening yet, never stopped, as on
// a loaded Mac mini. Where cgroups cannot be written (not root, no controller), null: say so and skip.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Throttle {
  dir: string;
  release(): void;
}

const V1 = '/sys/fs/cgroup/cpu';
const V2 = '/sys/fs/cgroup';

export function throttle(pid: number, percentOfOneCpu: number, name = `selfheal-throttle-${process.pid}`): Throttle | null {
  const period = 100_000;
  const quota = Math.max(1_000, Math.round((percentOfOneCpu / 100) * period));
  const attempt = (root: string, limit: () => void): Throttle | null => {
    const dir = join(root, name);
    try {
      mkdirSync(dir, { recursive: true });
      limit.call(null);
      writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    } catch {
      try {
        rmdirSync(dir);
      } catch {
        /* nothing made */
      }
      return null;
    }
    return {
      dir,
      release() {
        // Every process in it back to the parent, then the group goes.
        for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try {
            writeFileSync(join(root, 'cgroup.procs'), p);
          } catch {
            /* gone meanwhile */
          }
        }
        try {
          rmdirSync(dir);
        } catch {
          /* a process still leaving */
        }
      },
    };
  };
  if (existsSync(join(V1, 'cpu.cfs_quota_us'))) {
    return attempt(V1, () => {
      writeFileSync(join(V1, name, 'cpu.cfs_period_us'), String(period));
      writeFileSync(join(V1, name, 'cpu.cfs_quota_us'), String(quota));
    });
  }
  if (existsSync(join(V2, 'cgroup.controllers'))) return attempt(V2, () => writeFileSync(join(V2, name, 'cpu.max'), `${quota} ${period}`));
  return null;
}
