import { cliLook } from './tool.ts';

export default cliLook({
  name: 'channels_status',
  description: 'Runs `openclaw channels status --probe`: each chat channel account, whether it runs, and a live probe of its connection.',
  args: ['channels', 'status', '--probe'],
  ok: 'channels probed',
  failed: 'channels status failed',
});
