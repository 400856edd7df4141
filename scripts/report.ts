// Not run by itself: writing the status page as a bundle of its own (dist/scripts/report.js), which a
// tier loads only when the page must be written (lib/tiers/publish.ts).
export { writePage } from '../lib/report/publish.ts';
