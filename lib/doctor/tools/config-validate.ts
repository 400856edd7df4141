import { cliLook } from './tool.ts';

export default cliLook({
  name: 'config_validate',
  description: 'Runs `openclaw config validate`: whether the gateway would accept its config, and which keys it rejects.',
  args: ['config', 'validate'],
  ok: 'config valid',
  failed: 'config invalid',
});
