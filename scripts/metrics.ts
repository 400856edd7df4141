// Not run by itself: writing the metrics file as a bundle of its own (dist/scripts/metrics.js), which a
// tier loads only when METRICS_FILE is set (lib/tiers/publish.ts).
export { writeMetrics } from '../lib/report/metrics-file.ts';
