// Text that came from outside (a log line, a probe body, a model's report) shown to a person: never
// a terminal escape, a link, a mention, markup or a command given as advice. Anyone who can message
// the assistant can put text into its logs, and so into what the doctor read.

/** C0 and C1 control characters but newline and tab: a log line must not move a terminal's cursor. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** An ANSI/VT escape sequence, whole (CSI, OSC ... BEL/ST, and two-character escapes). */
const ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

export function stripControl(text: string): string {
  return text.replace(ESCAPE, '').replace(/\u009b[0-?]*[ -/]*[@-~]/g, '').replace(CONTROL, '');
}

/** A URL made unclickable and unfetchable: hxxps://example[.]com/... */
export function defang(text: string): string {
  return text
    .replace(/\b(h)(t)(tps?):\/\//gi, (_m, h: string, _t: string, rest: string) => `${h}xx${rest.slice(1)}://`)
    .replace(/\b([a-z][a-z0-9+.-]{1,15}):\/\//gi, (m: string, scheme: string) => (/^hxxps?$/i.test(scheme) ? m : `${scheme}[:]//`))
    .replace(/\b((?:[a-z0-9-]+\.)+)(com|net|org|io|ai|sh|dev|app|co|me|xyz|ru|cn|info|biz|link|click|top|site|online)\b/gi, (_m, host: string, tld: string) => `${host.slice(0, -1)}[.]${tld}`);
}

/**
 * Text in an alert that may carry a log's or a probe's words (a trigger, what was tried): no
 * terminal escape, no link dressed as something else (`[guide](https://...)`), no mass mention.
 */
export function inertText(text: string): string {
  return stripControl(text)
    .replace(/\[([^\]\n]{0,200})\]\(([^)\s]{0,500})\)/g, (_m, label: string, url: string) => `${label} (${defang(url)})`)
    .replace(/@(everyone|here|channel)\b/gi, '$1')
    .replace(/<!(channel|here|everyone)>/gi, '$1')
    .replace(/<@[!&]?(\d+)>/g, 'user $1');
}

/** Looks like a command someone wants run: a shell prompt, a pipe into a shell, a download. */
const COMMANDISH = /(^\s*[$#>]\s)|\b(curl|wget|sudo|chmod|rm\s+-|bash|zsh|sh\s+-c|powershell|iex|eval|npx|pip\s+install|npm\s+i(nstall)?|brew\s+install|launchctl|osascript)\b|\|\s*(ba|z)?sh\b/i;

/**
 * A model's reading of an incident, fit for a person's alert or `status`: plain text, no control
 * characters, no markup, no mentions, links defanged, lines that read as commands left out (what
 * to do comes from our own table), bounded.
 */
export function modelReading(text: string, max = 600): string {
  const lines = stripControl(text)
    .replace(/[`*_~|<>[\]]/g, ' ')
    .replace(/@(everyone|here|channel)\b/gi, '$1')
    .replace(/@(?=\w)/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l && !COMMANDISH.test(l));
  const out = defang(lines.join('\n'));
  return out.length <= max ? out : `${out.slice(0, max - 1)}…`;
}
