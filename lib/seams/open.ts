// Opening a file with the platform's opener (`open` on macOS, `xdg-open` elsewhere), bounded: the
// opener hands the file to the desktop and returns; past 10 s it is killed.
import { execa } from 'execa';

/** null: opened; otherwise one line saying why not (the path still stands). */
export async function openFile(path: string, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  const opener = platform === 'darwin' ? 'open' : 'xdg-open';
  try {
    await execa(opener, [path], { timeout: 10_000, forceKillAfterDelay: 2_000, stdio: 'ignore' });
    return null;
  } catch (e) {
    return `could not open it with ${opener}: ${(e as Error).message.split('\n')[0]}`;
  }
}
