import { z } from 'zod';
import { getPath, invalidKeys, keyText, readDoc, touchesProtected } from '../config-judge.ts';
import { changesText } from './config-diff.ts';
import { CONFIG_KEY, commandText, defineTool, openclaw, Refused } from './tool.ts';

export default defineTool({
  name: 'config_unset',
  description:
    "Removes one key from the gateway config with `openclaw config unset <key>`, and only a key OpenClaw's own validator (`openclaw config validate --json`) calls invalid at that moment: it exists to remove what the gateway rejects, nothing else. Keys that decide who may reach the gateway, where it sends data, what it runs, or that hold secrets are refused too. OpenClaw 2026.9.6 itself declines `config unset` while the config is invalid: run openclaw_doctor_fix first, which removes unknown keys. Returns the diff.",
  input: z.strictObject({ key: z.string().regex(CONFIG_KEY, 'a dotted config path such as agents.defaults.hiddenX') }),
  acts: true,
  async run(ctx, { key }) {
    const path = key.split('.');
    const { doc, error } = readDoc(ctx.d.cfg.configPath);
    if (!doc) throw new Refused(error ?? 'the config cannot be read');
    const sub = getPath(doc, path);
    if (sub === undefined) throw new Refused(`no key ${key} in the config`);
    // The key itself, or anything under it (unsetting `gateway` removes gateway.auth.token).
    const hit = touchesProtected(path, sub);
    if (hit) throw new Refused(`${key} is protected (${keyText(hit)}): the doctor may not change who can reach the gateway, where it sends data, what it runs, or secrets`);
    // Capabilities, not lists: only what OpenClaw itself rejects may go.
    const v = await openclaw(ctx, ['config', 'validate', '--json']);
    const invalid = invalidKeys(v.stdout);
    if (invalid === null) throw new Refused("OpenClaw's validator (openclaw config validate --json) gave no answer to read: nothing was removed");
    if (!invalid.includes(key)) throw new Refused(`OpenClaw's validator does not call ${key} invalid (it names ${invalid.length ? invalid.join(', ') : 'nothing'}): config_unset removes only what the gateway rejects; a setting you want changed is a person's to change`);
    const r = await openclaw(ctx, ['config', 'unset', key]);
    const diff = changesText(doc, ctx.d.cfg.configPath, ctx.redact);
    return { text: `${commandText(`openclaw config unset ${key}`, r)}\n\n${diff.text}`, summary: r.ok ? `removed key \`${key}\`` : `could not remove \`${key}\``, failed: !r.ok };
  },
});
