// Free space where OpenClaw writes: its state folder, its logs, the temp folder. A full disk leaves
// /readyz green (#96084) while sessions and logs fail to write. One statfs a folder: microseconds.
import { statSync, statfsSync } from 'node:fs';

export interface DiskSpace {
  path: string;
  freeMb: number;
}

/** Free megabytes for each folder that exists, one entry a filesystem. */
export function freeSpace(paths: string[]): DiskSpace[] {
  const seen = new Set<number>();
  const out: DiskSpace[] = [];
  for (const path of paths) {
    try {
      const dev = statSync(path).dev;
      if (seen.has(dev)) continue;
      seen.add(dev);
      const fs = statfsSync(path);
      out.push({ path, freeMb: Math.floor((Number(fs.bavail) * Number(fs.bsize)) / 1_048_576) });
    } catch {
      // A folder that does not exist holds nothing to fill.
    }
  }
  return out;
}
