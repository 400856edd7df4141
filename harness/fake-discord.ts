// A local stand-in for a Discord webhook (the Discord one of harness/fake-channels.ts): records what it
// accepted, and can answer 500, 429 with retry_after, 400, 404, or hang.
import { startFakeChannel, type FakeChannel, type Mode } from './fake-channels.ts';

export type { Mode };
export type FakeDiscord = FakeChannel;

export function startFakeDiscord(): Promise<FakeDiscord> {
  return startFakeChannel('discord');
}
