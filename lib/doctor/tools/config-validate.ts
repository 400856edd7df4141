import { z } from 'zod';
import { commandText, defineTool, openclaw } from './tool.ts';

export default defineTool({
  name: 'config_validate',
  description: 'Runs `openclaw config validate`: whether the gateway would accept its config, and which keys it rejects.',
  input: z.strictObject({}),
  acts: false,
  async run(ctx) {
    const r = await openclaw(ctx, ['config', 'validate']);
    return { text: commandText('openclaw config validate', r), summary: r.ok ? 'config valid' : 'config invalid', failed: !r.ok };
  },
});
