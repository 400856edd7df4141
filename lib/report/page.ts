// The status page (docs/design.md, "What happened: history, page, metrics"): one self-contained HTML
// file, no server, nothing fetched (CSP default-src 'none'), every string escaped, readable 375 px wide.
// The one inline script (allowed by its hash) only marks the page STALE when it was not rewritten in
// time; without it the page says when it was written.
import { CHANNEL_NAMES } from '../record/alerts.ts';
import type { Fixer } from '../record/counters.ts';
import type { HistoryRecord } from '../record/history.ts';
import { backlogOn, deliveryOf } from '../record/outbox.ts';
import { TIERS, type ChannelId, type State, type Tier } from '../record/state.ts';
import { formatDuration, localTime } from '../text/duration.ts';
import { gatewayNow, type Verdict } from './now.ts';

export interface PageInput {
  state: State;
  /** The last 30 days of closed incidents. */
  history: HistoryRecord[];
  /** History lines that could not be read. */
  skipped: number;
  channels: ChannelId[];
  /** How long each tier may go without running before it counts as stopped. */
  staleMs: Record<Tier, number>;
  now: number;
}

const DAY = 86_400_000;
export const FIXERS: Fixer[] = ['watchdog', 'health', 'abort', 'doctor', 'person', 'itself'];
const COLORS: Record<Fixer, string> = { watchdog: '#4c78a8', health: '#59a14f', abort: '#b07aa1', doctor: '#f28e2b', person: '#e15759', itself: '#9d9d9d' };

/** Everything that reaches the page goes through this. */
export function h(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const ago = (now: number, t: number | null | undefined): string => (t === null || t === undefined ? '—' : `${formatDuration(now - t)} ago`);

export const SCRIPT = "(function(){var b=document.body;if(Date.now()-Number(b.getAttribute('data-written'))>Number(b.getAttribute('data-stale-ms')))b.className+=' stale';})();";
/** sha256 of SCRIPT, for the CSP (a constant: a tick does not load node:crypto; test/page.test.ts checks it). */
export const SCRIPT_HASH = 'dPSEannwJ4imYLvzTMlAreyStZj1DAW6c4kG6R4DCAc=';

const CSS = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fafafa;--card:#fff;--mute:#6b6b70;--line:#e3e3e8;--ok:#2e7d32;--bad:#c62828;--warn:#b26a00}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#141416;--card:#1e1e22;--mute:#a0a0a8;--line:#333338}}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 -apple-system,system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:960px;margin:0 auto;padding:12px}h1{font-size:1.25em;margin:.2em 0}h2{font-size:1.05em;margin:1.4em 0 .5em}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:10px 0;overflow-wrap:anywhere}
.mute{color:var(--mute)}.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}
.cards{display:flex;flex-wrap:wrap;gap:8px}.card{flex:1 1 150px;border:1px solid var(--line);border-radius:6px;padding:8px}
.card b{display:block;font-size:1.2em}
table{width:100%;border-collapse:collapse}td,th{text-align:left;vertical-align:top;padding:4px 5px;border-top:1px solid var(--line)}
td{overflow-wrap:anywhere}th{font-weight:600;color:var(--mute)}td:first-child{white-space:nowrap}
@media (max-width:560px){table,tbody,tr,td{display:block}tr:first-child{display:none}tr{padding:5px 0;border-top:1px solid var(--line)}
td{border:0;padding:1px 2px;white-space:normal}td:not(:last-child){display:inline-block;margin-right:10px}
td[data-l]:not(:last-child)::before{content:attr(data-l) ": ";color:var(--mute)}}code{font-size:.92em;overflow-wrap:anywhere}
svg{width:100%;height:auto;display:block}.legend span{display:inline-block;margin-right:10px;white-space:nowrap}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
.stale-note{display:none;background:var(--bad);color:#fff;padding:8px 12px;border-radius:6px;font-weight:600}
body.stale .stale-note{display:block}
`;

function verdictCard(name: string, v: Verdict, now: number): string {
  const word = v.ok === null ? 'unknown' : v.ok ? 'yes' : 'NO';
  const cls = v.ok === null ? 'mute' : v.ok ? 'ok' : 'bad';
  return `<div class="card"><span class="mute">${h(name)}</span><b class="${cls}">${h(word)}</b><span class="mute">${v.since ? `since ${h(ago(now, v.since))}` : ''}</span></div>`;
}

function nowSection(p: PageInput): string {
  const s = p.state;
  const g = gatewayNow(s);
  const stopped = TIERS.filter((t) => t !== 'doctor' && s.tiers[t].lastRunAt !== null && p.now - (s.tiers[t].lastRunAt as number) > p.staleMs[t]);
  const never = s.tiers.watchdog.lastRunAt === null && s.tiers.health.lastRunAt === null;
  const stale = stopped.length ? `<p class="bad"><b>STALE</b>: ${h(stopped.join(', '))} stopped ticking (last ${h(stopped.map((t) => ago(p.now, s.tiers[t].lastRunAt)).join(', '))}): what follows may be old.</p>` : never ? '<p class="warn">No tier has run yet.</p>' : '';
  const paused = s.paused && s.paused.until > p.now ? `<p class="warn">Paused until ${h(localTime(s.paused.until))}: ${h(s.paused.reason)}</p>` : '';
  const up = s.update.active && s.update.seenAt !== null && p.now - s.update.seenAt < 600_000 ? `<p class="warn">An OpenClaw update is running (phase ${h(s.update.active.phase)}) since ${h(localTime(s.update.active.since))}: the supervisor stands down until it ends.</p>` : '';
  return `<section><h2>Now</h2>${stale}${paused}${up}<div class="cards">${verdictCard('live', g.live, p.now)}${verdictCard('ready', g.ready, p.now)}${verdictCard('serving', g.serving, p.now)}</div></section>`;
}

const rel = (ms: number): string => `+${formatDuration(Math.max(0, ms))}`;

function incidentSection(p: PageInput): string {
  const inc = p.state.incident;
  if (!inc) return '<section><h2>Open incident</h2><p class="ok">None.</p></section>';
  const rows = [`<tr><td>${h(rel(0))}</td><td>—</td><td>first failing probe: ${h(inc.serving?.meaning ?? inc.trigger)}</td></tr>`];
  if (inc.detectedAt !== undefined) rows.push(`<tr><td>${h(rel(inc.detectedAt - inc.openedAt))}</td><td>${h(inc.tiers[0] ?? '')}</td><td>detected, incident opened</td></tr>`);
  for (const a of inc.actions.filter((x) => x.kind !== 'look')) {
    const mark = a.ok === null ? '' : a.ok ? ' <span class="ok">ok</span>' : ' <span class="bad">failed</span>';
    rows.push(`<tr><td>${h(rel(a.at - inc.openedAt))}</td><td>${h(a.tier)}</td><td><b>${h(a.kind)}</b>${mark}: ${h(a.detail)}</td></tr>`);
  }
  for (const al of p.state.outbox.filter((x) => x.incidentId === inc.id)) {
    const per = p.channels.map((ch) => {
      const d = deliveryOf(al, ch);
      return `${CHANNEL_NAMES[ch]} ${d.status}${d.lastError ? ` (${d.lastError})` : ''}`;
    });
    rows.push(`<tr><td>${h(rel(al.createdAt - inc.openedAt))}</td><td>alert</td><td><b>${h(al.title)}</b>: ${h(per.join('; ') || 'no channel configured')}</td></tr>`);
  }
  const human = inc.humanAlertedAt ? ` A person was told ${h(ago(p.now, inc.humanAlertedAt))}.` : '';
  return `<section><h2>Open incident <code>${h(inc.id)}</code></h2><p><b>${h(inc.serving?.meaning ?? inc.trigger)}</b><br><span class="mute">began ${h(ago(p.now, inc.openedAt))} (${h(localTime(inc.openedAt))}); restarts ${inc.restarts}.${human}</span></p><table><tr><th>when</th><th>tier</th><th>what</th></tr>${rows.join('')}</table></section>`;
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

function chart(p: PageInput): string {
  const days = 30;
  const start = Math.floor(p.now / DAY) * DAY - (days - 1) * DAY;
  const perDay: Array<Record<Fixer, number>> = Array.from({ length: days }, () => Object.fromEntries(FIXERS.map((f) => [f, 0])) as Record<Fixer, number>);
  for (const r of p.history) {
    const i = Math.floor((r.startedAt - start) / DAY);
    const day = perDay[i];
    if (day) day[r.fixer] += 1;
  }
  const max = Math.max(1, ...perDay.map((d) => FIXERS.reduce((n, f) => n + d[f], 0)));
  const W = 600;
  const H = 120;
  const bw = W / days;
  const bars: string[] = [];
  perDay.forEach((d, i) => {
    let y = H;
    for (const f of FIXERS) {
      if (!d[f]) continue;
      const hgt = (d[f] / max) * (H - 10);
      y -= hgt;
      bars.push(`<rect x="${(i * bw + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${hgt.toFixed(1)}" fill="${COLORS[f]}"><title>${h(new Date(start + i * DAY).toISOString().slice(0, 10))}: ${d[f]} fixed by ${f}</title></rect>`);
    }
  });
  const legend = FIXERS.map((f) => `<span><i style="background:${COLORS[f]}"></i>${h(f)}</span>`).join('');
  return `<svg viewBox="0 0 ${W} ${H + 14}" role="img" aria-label="incidents per day, last 30 days"><line x1="0" y1="${H}" x2="${W}" y2="${H}" stroke="currentColor" stroke-opacity=".3"/>${bars.join('')}<text x="0" y="${H + 12}" font-size="10" fill="currentColor">${h(new Date(start).toISOString().slice(5, 10))}</text><text x="${W}" y="${H + 12}" font-size="10" text-anchor="end" fill="currentColor">today</text><text x="2" y="10" font-size="10" fill="currentColor">max ${max}/day</text></svg><p class="legend">${legend}</p>`;
}

function historySection(p: PageInput): string {
  const rs = p.history;
  const skipped = p.skipped ? `<p class="warn">${p.skipped} history line(s) could not be read and were skipped.</p>` : '';
  if (rs.length === 0) return `<section><h2>Last 30 days</h2>${skipped}<p class="ok">No incident.</p></section>`;
  const byCause = new Map<string, number[]>();
  for (const r of rs) byCause.set(r.kind, [...(byCause.get(r.kind) ?? []), r.ttrMs]);
  const rows = [...byCause.entries()].map(([k, ts]) => `<tr><td>${h(k)}</td><td>${ts.length}</td><td>${h(formatDuration(median(ts)))}</td><td>${h(formatDuration(Math.max(...ts)))}</td></tr>`);
  const alone = rs.filter((r) => r.fixer !== 'person').length;
  const recent = rs
    .slice(-10)
    .reverse()
    .map((r) => `<tr><td>${h(localTime(r.startedAt).slice(5, 16))}</td><td>${h(formatDuration(r.ttrMs))}</td><td>${h(r.fixer)}</td><td>${h(r.kind)}: ${h(r.cause)}</td></tr>`);
  return `<section><h2>Last 30 days</h2>${skipped}${chart(p)}<p><b>${Math.round((alone / rs.length) * 100)}%</b> of ${rs.length} incident(s) fixed without a person.</p><table><tr><th>cause</th><th>n</th><th>median to recovery</th><th>worst</th></tr>${rows.join('')}</table><h2>Latest</h2><table><tr><th>began</th><th>to recovery</th><th>fixed by</th><th>cause</th></tr>${recent.join('')}</table></section>`;
}

function doctorSection(p: PageInput): string {
  const runs = p.state.doctor.runs.slice(-8).reverse();
  const lease = p.state.doctor.lease;
  const live = lease ? `<p class="warn">A doctor session is running (since ${h(ago(p.now, lease.startedAt))})${lease.tmuxSession ? `: <code>tmux attach -t ${h(lease.tmuxSession)}</code>` : ''}.</p>` : '';
  if (!runs.length) return `<section><h2>Claude Doctor</h2>${live}<p class="mute">No run yet.</p></section>`;
  const rows = runs.map((r) => `<tr><td>${h(localTime(r.startedAt).slice(5, 16))}</td><td class="${r.outcome === 'recovered' ? 'ok' : 'bad'}">${h(r.outcome)}</td><td>${r.costUsd === null ? '—' : `$${h(r.costUsd.toFixed(2))}`}</td><td>${r.transcript ? `<code>${h(r.transcript)}</code>` : '—'}</td></tr>`);
  return `<section><h2>Claude Doctor</h2>${live}<table><tr><th>started</th><th>outcome</th><th>cost</th><th>transcript</th></tr>${rows.join('')}</table></section>`;
}

function channelSection(p: PageInput): string {
  const s = p.state;
  if (!p.channels.length) return '<section><h2>Alert channels</h2><p class="bad">No channel configured: alerts wait in the outbox.</p></section>';
  const rows = p.channels.map((ch) => {
    const errs = s.outbox.map((a) => deliveryOf(a, ch)).filter((d) => d.lastError);
    const drop = [...s.alertDrops].reverse().find((d) => d.channel === ch);
    const last = errs.at(-1)?.lastError ?? (drop ? `${drop.why} (gave up ${ago(p.now, drop.at)})` : null);
    return `<tr><td>${h(CHANNEL_NAMES[ch])}</td><td>${s.counters.alertsSent[ch] ?? 0}</td><td>${s.counters.alertsFailed[ch] ?? 0}</td><td>${backlogOn(s, ch).length}</td><td>${last ? `<span class="bad">${h(last)}</span>` : '<span class="mute">—</span>'}</td></tr>`;
  });
  return `<section><h2>Alert channels</h2><table><tr><th>channel</th><th>sent</th><th>failed</th><th>backlog</th><th>last error</th></tr>${rows.join('')}</table></section>`;
}

function tierSection(p: PageInput): string {
  const rows = TIERS.map((t) => {
    const r = p.state.tiers[t];
    const cls = r.lastOk === null ? 'mute' : r.lastOk ? 'ok' : 'bad';
    return `<tr><td>${h(t)}</td><td>${h(ago(p.now, r.lastRunAt))}</td><td class="${cls}">${h(r.lastSummary ?? '—')}</td></tr>`;
  });
  return `<section><h2>Tiers</h2><table><tr><th>tier</th><th>last run</th><th>what it found</th></tr>${rows.join('')}</table></section>`;
}

/** Each cell labelled with its column's heading, which a phone shows before it (rows become blocks). */
function labelled(html: string): string {
  return html.replace(/<table>([\s\S]*?)<\/table>/g, (_, body: string) => {
    const heads = [...body.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1] as string);
    const rows = body.replace(/<tr>([\s\S]*?)<\/tr>/g, (row: string, cells: string) => {
      if (cells.startsWith('<th>')) return row;
      let i = 0;
      return `<tr>${cells.replace(/<td(?=[ >])/g, () => `<td data-l="${heads[i++] ?? ''}"`)}</tr>`;
    });
    return `<table>${rows}</table>`;
  });
}

export function renderPage(p: PageInput, key: string): string {
  const staleMs = Math.max(p.staleMs.watchdog, p.staleMs.health);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'`;
  return `<!-- ${key} -->
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>OpenClaw supervisor: ${p.state.incident ? 'incident open' : 'all well'}</title>
<style>${CSS}</style></head>
<body data-written="${p.now}" data-stale-ms="${staleMs}"><main>
<h1>OpenClaw supervisor</h1>
<p class="stale-note">STALE: this page was written ${h(localTime(p.now))} and not since: the supervisor's tiers have stopped (check the LaunchAgents: <code>launchctl list | grep selfheal</code>).</p>
<p class="mute">Written ${h(localTime(p.now))}; rewritten when something changes, and every few minutes while the tiers run.</p>
${labelled([nowSection(p), incidentSection(p), historySection(p), doctorSection(p), channelSection(p), tierSection(p)].join('\n'))}
</main><script>${SCRIPT}</script></body></html>
`;
}
