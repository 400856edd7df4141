import { z } from 'zod';
import { commandText, defineTool, openclaw } from './tool.ts';

export default defineTool({
  name: 'channels_status',
  description: 'Runs `openclaw channels status --probe`: each chat channel account, whether it runs, and a live probe of its connection.',
  input: z.strictObject({}),
  acts: false,
  async run(ctx) {
    const r = await openclaw(ctx, ['channels', 'status', '--probe']);
    return { text: commandText('openclaw channels status --probe', r), summary: r.ok ? 'channels probed' : 'channels status failed', failed: !r.ok };
  },
});
