// `npm run demo`: the tiers against the embedded demo gateway, a crash and a hang, on a timeline.
import { runDemo } from '../harness/demo.ts';

process.exitCode = (await runDemo()) ? 0 : 1;
