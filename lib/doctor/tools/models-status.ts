import { cliLook } from './tool.ts';

export default cliLook({
  name: 'models_status',
  description: 'Runs `openclaw models status`: the default model, fallbacks and the state of each provider login (an expired or revoked login shows here).',
  args: ['models', 'status'],
  ok: 'models status read',
  failed: 'models status failed',
});
