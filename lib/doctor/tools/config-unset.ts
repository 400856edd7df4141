import { z } from 'zod';
import { getPath, isProtectedKey, keyText, leaves, readDoc } from '../config-judge.ts';
import { changesText } from './config-diff.ts';
import { CONFIG_KEY, commandText, defineTool, openclaw, Refused } from './tool.ts';

export default defineTool({
  name: 'config_unset',
  description:
    'Removes one key from the gateway config with `openclaw config unset <key>` (e.g. an unknown key the gateway rejects). Keys that decide who may reach the gateway, where it sends data, what it runs, or that hold secrets are refused. Returns the diff.',
  input: z.strictObject({ key: z.string().regex(CONFIG_KEY, 'a dotted config path such as agents.defaults.hiddenX') }),
  acts: true,
  async run(ctx, { key }) {
    const path = key.split('.');
    const { doc, error } = readDoc(ctx.d.cfg.configPath);
    if (!doc) throw new Refused(error ?? 'the config cannot be read');
    const sub = getPath(doc, path);
    if (sub === undefined) throw new Refused(`no key ${key} in the config`);
    // The key itself, or anything under it (unsetting `gateway` removes gateway.auth.token).
    const hit = leaves(sub, path).map(([p]) => p).find((p) => isProtectedKey(p)) ?? (isProtectedKey(path) ? path : null);
    if (hit) throw new Refused(`${key} is protected (${keyText(hit)}): the doctor may not change who can reach the gateway, where it sends data, what it runs, or secrets`);
    const r = await openclaw(ctx, ['config', 'unset', key]);
    const diff = changesText(doc, ctx.d.cfg.configPath, ctx.redact);
    return { text: `${commandText(`openclaw config unset ${key}`, r)}\n\n${diff.text}`, summary: r.ok ? `removed key \`${key}\`` : `could not remove \`${key}\``, failed: !r.ok };
  },
});
