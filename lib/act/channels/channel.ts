// What every alert channel is: configured by its own keys, able to say why it cannot work on this
// machine, and one `send` that lays the message out in the channel's shape and reads its answer.
import { CHANNEL_SETTINGS } from '../../config/channels.ts';
import type { Config } from '../../config/config.ts';
import type { Exec } from '../../seams/exec.ts';
import type { ChannelId } from '../../record/state.ts';
import { failureOf, readAnswer, type HttpRequest, type Outcome, type Post, type Reading } from './http.ts';
import type { AlertMessage } from './message.ts';

/** The seams a channel sends through. */
export interface Transport {
  post: Post;
  exec: Exec;
  platform: NodeJS.Platform;
}

export interface Channel {
  id: ChannelId;
  /** Whether .env turns it on (config/channels.ts says, for every channel, once). */
  configured(cfg: Config): boolean;
  /** Why it cannot send from this machine (null: it can). */
  unavailable(platform: NodeJS.Platform): string | null;
  send(m: AlertMessage, cfg: Config, t: Transport, timeoutMs: number): Promise<Outcome>;
}

export interface WebChannel extends Channel {
  /** The request for a message, exactly as it is sent (tests read it). */
  request(m: AlertMessage, cfg: Config): HttpRequest;
}

/** Whether a channel is on, and whether it can work here: what config/channels.ts says of it. */
export function settingsOf(id: ChannelId): Pick<Channel, 'configured' | 'unavailable'> {
  return { configured: (cfg) => CHANNEL_SETTINGS[id].configured(cfg), unavailable: (platform) => CHANNEL_SETTINGS[id].unavailable(platform) };
}

export function webChannel(def: {
  id: ChannelId;
  request: (m: AlertMessage, cfg: Config) => HttpRequest;
  reading: Reading;
  /** What must never appear in an error we keep (the webhook URL, the token). */
  secrets: (cfg: Config) => string[];
}): WebChannel {
  return {
    id: def.id,
    ...settingsOf(def.id),
    request: def.request,
    async send(m, cfg, t, timeoutMs) {
      const req = def.request(m, cfg);
      try {
        return readAnswer(await t.post(req, timeoutMs), def.reading);
      } catch (e) {
        return failureOf(e, timeoutMs, [req.url.href, req.url.pathname, ...def.secrets(cfg)]);
      }
    },
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
