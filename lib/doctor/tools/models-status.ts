import { z } from 'zod';
import { commandText, defineTool, openclaw } from './tool.ts';

export default defineTool({
  name: 'models_status',
  description: 'Runs `openclaw models status`: the default model, fallbacks and the state of each provider login (an expired or revoked login shows here).',
  input: z.strictObject({}),
  acts: false,
  async run(ctx) {
    const r = await openclaw(ctx, ['models', 'status']);
    return { text: commandText('openclaw models status', r), summary: r.ok ? 'models status read' : 'models status failed', failed: !r.ok };
  },
});
