import { z } from 'zod';
import { commandText, defineTool, openclaw } from './tool.ts';

const ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export default defineTool({
  name: 'channels_start',
  description:
    "Starts one chat channel (optionally one account) that OpenClaw's crash-loop breaker keeps down (safe mode): `openclaw gateway call channels.start`. Call it only after you have found and fixed why the gateway kept crashing: it does not reset the breaker for other channels.",
  input: z.strictObject({
    channel: z.string().regex(ID, 'a channel id such as telegram'),
    account: z.string().regex(ID, 'an account id such as default').optional(),
  }),
  acts: true,
  async run(ctx, { channel, account }) {
    // The JSON is built here from two checked ids: nothing the model wrote reaches it unparsed.
    const params = JSON.stringify(account ? { channel, accountId: account } : { channel });
    const r = await openclaw(ctx, ['gateway', 'call', 'channels.start', '--params', params]);
    return { text: commandText(`openclaw gateway call channels.start --params ${params}`, r), summary: r.ok ? `started channel ${channel}${account ? `/${account}` : ''}` : `could not start ${channel}`, failed: !r.ok };
  },
});
