// Not run by itself: the serving check as its own bundle (dist/scripts/serving-check.js), which the
// health tier loads only on a tick where a check is due, so a healthy tick parses none of it.
export { checkServing, checkServingConfig } from '../lib/tiers/serving.ts';
