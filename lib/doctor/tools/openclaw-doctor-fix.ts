import { z } from 'zod';
import { changesText, snapshot } from './config-diff.ts';
import { commandText, defineTool, openclaw } from './tool.ts';

export default defineTool({
  name: 'openclaw_doctor_fix',
  description:
    "Runs OpenClaw's own repair, `openclaw doctor --fix --non-interactive` (removes unknown config keys, migrates legacy ones, clears stale session locks, restores a last-known-good config). Returns its output and the config diff it made.",
  input: z.strictObject({}),
  acts: true,
  async run(ctx) {
    const before = snapshot(ctx.d.cfg.configPath);
    const r = await openclaw(ctx, ['doctor', '--fix', '--non-interactive']);
    const diff = changesText(before, ctx.d.cfg.configPath, ctx.redact);
    return { text: `${commandText('openclaw doctor --fix --non-interactive', r)}\n\n${diff.text}`, summary: `openclaw doctor --fix: ${r.ok ? 'ok' : 'failed'}${diff.count ? `, ${diff.count} config change(s)` : ''}`, failed: !r.ok };
  },
});
