import { z } from 'zod';
import { configForModel } from '../../text/redact.ts';
import { getPath, readDoc } from '../config-judge.ts';
import { CONFIG_KEY, defineTool, Refused } from './tool.ts';

export default defineTool({
  name: 'config_show',
  description: 'The gateway config (JSON5, parsed), or the subtree at a dotted key: booleans, numbers and plain settings (mode, policy, level, model) shown; secrets [REDACTED]; every other string only by its length.',
  input: z.strictObject({ key: z.string().regex(CONFIG_KEY, 'a dotted config path such as gateway.port').optional() }),
  acts: false,
  async run({ d, redact }, { key }) {
    const { doc, error } = readDoc(d.cfg.configPath);
    if (!doc) throw new Refused(error ?? 'the config cannot be read');
    const path = key ? key.split('.') : [];
    const sub = getPath(doc, path);
    if (sub === undefined) throw new Refused(`no key ${key} in ${d.cfg.configPath}`);
    return { text: `${d.cfg.configPath}${key ? ` at ${key}` : ''}:\n${JSON.stringify(configForModel(sub, redact, path[path.length - 1] ?? ''), null, 2)}`, summary: key ? `showed ${key}` : 'showed the config' };
  },
});
