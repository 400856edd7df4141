// Not run by itself: tier 1's fallback when its state cannot be read or written, as its own bundle
// (dist/scripts/without-state.js): it reaches the channels, which a healthy watchdog tick never needs.
export { withoutState } from '../lib/tiers/without-state.ts';
