// The doctor's command policy, enforced by our PreToolUse hook inside Claude Code. An allow-list:
// a command runs only when every part of it (each side of ; && || |, each wrapper) is a command a
// doctor needs, with arguments it needs. Anything the parser cannot vouch for is denied: command
// substitution, shells, eval, xargs, redirection into files, paths to secrets, the network beyond
// loopback. Claude Code's own permission rules stand behind this as a second fence.
import { homedir } from 'node:os';
import { basename, normalize, resolve } from 'node:path';

export interface GuardContext {
  home: string;
  uid: number;
  gatewayLabel: string;
  configPath: string;
  logPaths: string[];
  /** Whether a pid belongs to the gateway (matches its pattern or owns its port). */
  isGatewayPid: (pid: number) => boolean;
}

export type Verdict = { allow: true } | { allow: false; reason: string };

const ALLOW: Verdict = { allow: true };
const deny = (reason: string): Verdict => ({ allow: false, reason });

// ---------------------------------------------------------------- a small shell lexer

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

/** Splits a command line into words and operators; throws on what it will not reason about. */
export function lex(cmd: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const push = () => {
    if (word !== null) out.push({ kind: 'word', text: word });
    word = null;
  };
  while (i < cmd.length) {
    const c = cmd[i] as string;
    if (c === '`') throw new Error('backticks (command substitution) are not allowed');
    if (c === '$' && (cmd[i + 1] === '(' || cmd[i + 1] === '{' || /[A-Za-z_]/.test(cmd[i + 1] ?? ''))) {
      throw new Error('$(...), ${...} and $VARIABLES are not allowed: write the value out');
    }
    if ((c === '<' || c === '>') && cmd[i + 1] === '(') throw new Error('process substitution is not allowed');
    if (c === '\\') {
      if (i + 1 >= cmd.length) throw new Error('trailing backslash');
      if (cmd[i + 1] === '\n') {
        i += 2;
        continue;
      }
      word = (word ?? '') + (cmd[i + 1] as string);
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated quote');
      word = (word ?? '') + cmd.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < cmd.length && cmd[j] !== '"') {
        const d = cmd[j] as string;
        if (d === '`' || (d === '$' && /[({A-Za-z_]/.test(cmd[j + 1] ?? ''))) throw new Error('substitution inside double quotes is not allowed');
        if (d === '\\' && j + 1 < cmd.length) {
          text += cmd[j + 1];
          j += 2;
          continue;
        }
        text += d;
        j++;
      }
      if (j >= cmd.length) throw new Error('unterminated quote');
      word = (word ?? '') + text;
      i = j + 1;
      continue;
    }
    if (c === ' ' || c === '\t') {
      push();
      i++;
      continue;
    }
    const three = cmd.slice(i, i + 3);
    const two = cmd.slice(i, i + 2);
    let op: string | null = null;
    if (['&>>', '2>>'].includes(three)) op = three;
    else if (['&&', '||', '>>', '2>', '&>', '>&', '<<', '|&', ';;'].includes(two)) op = two;
    else if (['|', '&', ';', '\n', '(', ')', '<', '>'].includes(c)) op = c;
    if (op) {
      push();
      out.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    word = (word ?? '') + c;
    i++;
  }
  push();
  return out;
}

interface Simple {
  words: string[];
  redirects: Array<{ op: string; target: string }>;
}

const SEPARATORS = new Set(['&&', '||', '|', '|&', ';', '\n', '&']);

/** Splits tokens into simple commands, collecting redirections; subshells and heredocs are refused. */
export function split(tokens: Token[]): Simple[] {
  const out: Simple[] = [];
  let cur: Simple = { words: [], redirects: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'word') {
      cur.words.push(t.text);
      continue;
    }
    if (SEPARATORS.has(t.text)) {
      if (cur.words.length) out.push(cur);
      cur = { words: [], redirects: [] };
      continue;
    }
    if (t.text === '(' || t.text === ')') throw new Error('subshells ( ... ) are not allowed');
    if (t.text === '<<' || t.text === ';;') throw new Error('here-documents are not allowed');
    // A redirection: its target is the next word ("2>&1" lexes as 2> & 1 or >& 1).
    const next = tokens[i + 1];
    let target = next?.kind === 'word' ? (t.text === '>&' ? `&${next.text}` : next.text) : '';
    if (next?.kind === 'op' && next.text === '&') {
      const fd = tokens[i + 2];
      target = `&${fd?.kind === 'word' ? fd.text : ''}`;
      i++;
    }
    i++;
    cur.redirects.push({ op: t.text, target });
  }
  if (cur.words.length) out.push(cur);
  return out;
}

// ---------------------------------------------------------------- paths

const SECRET_PATHS = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.netrc',
  '.docker/config.json',
  '.kube',
  '.config/gh',
  '.npmrc',
  '.git-credentials',
  '.claude',
  '.claude.json',
  '.anthropic',
  'Library/Keychains',
  'Library/Cookies',
  'Library/Application Support/Google/Chrome',
  '.openclaw/credentials',
  '.openclaw-selfheal/.env',
];
const SECRET_NAMES = [/auth-profiles\.json$/, /\.env$/, /\.pem$/, /\.key$/, /id_(rsa|ed25519|ecdsa)/, /credentials?(\.json)?$/i, /\.kdbx$/];
const SYSTEM_SECRETS = ['/etc/shadow', '/etc/master.passwd', '/etc/sudoers', '/private/etc/master.passwd', '/var/db/dslocal'];

export function expand(p: string, ctx: GuardContext): string {
  const home = ctx.home || homedir();
  if (p === '~') return home;
  if (p.startsWith('~/')) return normalize(resolve(home, p.slice(2)));
  return normalize(resolve(home, p));
}

/** Why reading this path is refused, or null. */
export function secretPath(raw: string, ctx: GuardContext): string | null {
  const p = expand(raw, ctx);
  for (const s of SYSTEM_SECRETS) if (p === s || p.startsWith(`${s}/`)) return `${raw} is a system secret`;
  for (const rel of SECRET_PATHS) {
    const abs = resolve(ctx.home, rel);
    if (p === abs || p.startsWith(`${abs}/`)) return `${raw} holds credentials`;
  }
  if (p !== ctx.configPath && SECRET_NAMES.some((re) => re.test(p))) return `${raw} looks like a credentials file`;
  return null;
}

function looksLikePath(w: string): boolean {
  return w.startsWith('/') || w.startsWith('~') || w.startsWith('./') || w.startsWith('../') || w.includes('/');
}

function checkPathArgs(words: string[], ctx: GuardContext): Verdict {
  for (const w of words) {
    if (w.startsWith('-')) {
      const eq = w.indexOf('=');
      if (eq > 0 && looksLikePath(w.slice(eq + 1))) {
        const why = secretPath(w.slice(eq + 1), ctx);
        if (why) return deny(why);
      }
      continue;
    }
    if (looksLikePath(w) || w.startsWith('.')) {
      const why = secretPath(w, ctx);
      if (why) return deny(why);
    }
  }
  return ALLOW;
}

// ---------------------------------------------------------------- per-command rules

const READ_ONLY = new Set([
  'cat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ls', 'wc', 'date', 'uptime', 'df', 'du', 'free', 'vm_stat', 'whoami', 'id',
  'hostname', 'uname', 'sw_vers', 'which', 'echo', 'sleep', 'jq', 'stat', 'file', 'sort', 'uniq', 'cut', 'tr', 'pwd', 'true',
  'ps', 'pgrep', 'lsof', 'netstat', 'ss', 'nproc', 'sysctl', 'memory_pressure', 'pmset', 'log', 'diff', 'less', 'tac', 'nl', 'column',
]);

const WRAPPERS_DENIED: Record<string, string> = {
  sudo: 'sudo is never allowed',
  su: 'su is never allowed',
  doas: 'doas is never allowed',
  bash: 'running a shell is not allowed (write the command directly)',
  sh: 'running a shell is not allowed (write the command directly)',
  zsh: 'running a shell is not allowed (write the command directly)',
  dash: 'running a shell is not allowed (write the command directly)',
  fish: 'running a shell is not allowed (write the command directly)',
  ksh: 'running a shell is not allowed (write the command directly)',
  eval: 'eval is not allowed',
  exec: 'exec is not allowed',
  source: 'source is not allowed',
  '.': 'source is not allowed',
  xargs: 'xargs is not allowed (it runs commands the guard cannot see)',
  env: 'env is not allowed (it runs commands and changes the environment)',
  nohup: 'nohup is not allowed',
  setsid: 'setsid is not allowed',
  disown: 'disown is not allowed',
  command: 'command is not allowed',
  builtin: 'builtin is not allowed',
  osascript: 'osascript is not allowed',
  python: 'running interpreters is not allowed',
  python3: 'running interpreters is not allowed',
  node: 'running interpreters is not allowed',
  perl: 'running interpreters is not allowed',
  ruby: 'running interpreters is not allowed',
  awk: 'awk is not allowed (it can run commands)',
  sed: 'sed is not allowed (it can write files and run commands)',
  pkill: 'pkill kills by name: only kill <pid> of the gateway is allowed',
  killall: 'killall kills by name: only kill <pid> of the gateway is allowed',
  rm: 'deleting files is not allowed',
  rmdir: 'deleting files is not allowed',
  unlink: 'deleting files is not allowed',
  shred: 'deleting files is not allowed',
  chmod: 'changing permissions is not allowed',
  chown: 'changing ownership is not allowed',
  chflags: 'changing file flags is not allowed',
  dd: 'dd is not allowed',
  mv: 'moving files is not allowed',
  cp: 'copying files is not allowed (the supervisor snapshots the config itself)',
  tee: 'writing files is not allowed (edit the gateway config with the Edit tool)',
  base64: 'base64 is not allowed',
  wget: 'network access beyond the gateway is not allowed',
  nc: 'network access beyond the gateway is not allowed',
  ncat: 'network access beyond the gateway is not allowed',
  ssh: 'network access beyond the gateway is not allowed',
  scp: 'network access beyond the gateway is not allowed',
  rsync: 'network access beyond the gateway is not allowed',
  git: 'git is not allowed',
  npm: 'installing software is not allowed',
  npx: 'installing software is not allowed',
  brew: 'installing software is not allowed',
  pip: 'installing software is not allowed',
  crontab: 'scheduling jobs is not allowed',
  defaults: 'changing preferences is not allowed',
  security: 'the keychain is off limits',
  tmux: 'tmux is not allowed',
  screen: 'screen is not allowed',
  shutdown: 'shutting down is not allowed',
  reboot: 'rebooting is not allowed',
  halt: 'halting is not allowed',
  diskutil: 'disk tools are not allowed',
  mkfs: 'disk tools are not allowed',
  truncate: 'truncating files is not allowed',
  touch: 'writing files is not allowed',
  mkdir: 'writing files is not allowed',
  ln: 'writing files is not allowed',
  open: 'opening apps is not allowed',
};

function isLoopbackUrl(u: string): boolean {
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(u) ? u : `http://${u}`);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && !url.username;
  } catch {
    return false;
  }
}

const CURL_NO_VALUE = new Set(['-s', '-S', '-f', '-i', '-I', '-v', '-L', '-k', '--silent', '--show-error', '--fail', '--include', '--head', '--verbose', '-sS', '-fsS', '-sSf', '-fs', '-sf', '-si', '-sI', '-sv', '-fsSL', '-sSL', '--compressed']);
const CURL_WITH_VALUE = new Set(['-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-X', '--request', '-H', '--header']);

function checkCurl(args: string[]): Verdict {
  let urls = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (CURL_NO_VALUE.has(a)) continue;
    if (CURL_WITH_VALUE.has(a)) {
      const v = args[++i] ?? '';
      if ((a === '-X' || a === '--request') && !['GET', 'HEAD'].includes(v.toUpperCase())) return deny('curl may only GET or HEAD the gateway');
      if ((a === '-H' || a === '--header') && /authorization|cookie/i.test(v)) return deny('curl may not send credentials');
      continue;
    }
    if (a.startsWith('-')) return deny(`curl option ${a} is not allowed (no output files, uploads, data or config files)`);
    if (!isLoopbackUrl(a)) return deny(`network access is limited to loopback (127.0.0.1); ${a} is not`);
    urls++;
  }
  return urls > 0 ? ALLOW : deny('curl needs a loopback URL');
}

function checkKill(args: string[], ctx: GuardContext): Verdict {
  const pids: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-s' || a === '-n') {
      i++;
      continue;
    }
    if (/^-(TERM|KILL|INT|HUP|QUIT|9|15|2|1|3|SIGTERM|SIGKILL|USR1|SIGUSR1)$/.test(a)) continue;
    if (a === '-l' || a === '-L') return ALLOW;
    if (!/^\d+$/.test(a)) return deny(`kill takes plain positive pids; ${a} is not one`);
    const pid = Number(a);
    if (pid <= 1) return deny(`kill ${a} would signal every process or the system`);
    pids.push(pid);
  }
  if (!pids.length) return deny('kill needs a pid');
  for (const pid of pids) if (!ctx.isGatewayPid(pid)) return deny(`pid ${pid} is not the gateway: only the gateway's own pids may be signalled`);
  return ALLOW;
}

function checkLaunchctl(args: string[], ctx: GuardContext): Verdict {
  const target = `gui/${ctx.uid}/${ctx.gatewayLabel}`;
  const [verb, ...rest] = args;
  if (verb === 'print' && rest.length === 1 && rest[0] === target) return ALLOW;
  if (verb === 'list' && (rest.length === 0 || (rest.length === 1 && rest[0] === ctx.gatewayLabel))) return ALLOW;
  if (verb === 'kickstart') {
    const flags = rest.filter((r) => r.startsWith('-'));
    const targets = rest.filter((r) => !r.startsWith('-'));
    if (flags.every((f) => ['-k', '-p', '-kp', '-pk'].includes(f)) && targets.length === 1 && targets[0] === target) return ALLOW;
    return deny(`launchctl kickstart is allowed only for ${target}`);
  }
  return deny(`launchctl ${verb ?? ''} is not allowed (only print and kickstart of ${target})`);
}

const SECRET_CONFIG_PATH = /(key|token|secret|password|credential|auth|cookie)/i;

function checkOpenclaw(args: string[]): Verdict {
  const [a, b, c] = args;
  if (a === '--version' || a === '-V' || a === 'status' || a === 'health' || a === 'logs') return ALLOW;
  if (a === 'gateway' && ['status', 'restart', 'start', 'probe', 'health'].includes(b ?? '')) return ALLOW;
  if (a === 'doctor') {
    const ok = args.slice(1).every((x) => ['--fix', '--repair', '--non-interactive', '--deep', '--yes', '--json'].includes(x));
    return ok ? ALLOW : deny('openclaw doctor is allowed with --fix, --repair, --non-interactive, --deep');
  }
  if (a === 'channels' && b === 'status') return ALLOW;
  if (a === 'config') {
    if (b === 'validate' || b === 'file') return ALLOW;
    if ((b === 'get' || b === 'unset' || b === 'set') && c) {
      if (SECRET_CONFIG_PATH.test(c)) return deny(`openclaw config ${b} of ${c}: credentials are off limits to the doctor`);
      return ALLOW;
    }
  }
  return deny(`openclaw ${args.slice(0, 2).join(' ')} is not on the doctor's list (status, health, logs, gateway status|restart|start, doctor --fix, channels status, config validate|get|set|unset)`);
}

function checkFind(args: string[], ctx: GuardContext): Verdict {
  const bad = args.find((a) => ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprintf', '-fls', '-fprint0'].includes(a));
  if (bad) return deny(`find ${bad} is not allowed`);
  return checkPathArgs(args, ctx);
}

function checkSimple(s: Simple, ctx: GuardContext, depth = 0): Verdict {
  for (const r of s.redirects) {
    if (r.op === '<') {
      const why = secretPath(r.target, ctx);
      if (why) return deny(why);
      continue;
    }
    if (r.target === '/dev/null' || /^&[12]$/.test(r.target)) continue;
    return deny(`writing to files by redirection is not allowed (${r.op} ${r.target})`);
  }
  const words = s.words;
  if (!words.length) return ALLOW;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string)) return deny('setting environment variables is not allowed');
  const name = basename(words[0] as string);
  const args = words.slice(1);
  if (name === 'timeout' || name === 'gtimeout') {
    const rest = args.filter((a, i) => !(i === 0 && /^\d+[smh]?$/.test(a)) && !a.startsWith('-'));
    if (depth > 2) return deny('nested wrappers');
    return checkSimple({ words: rest, redirects: [] }, ctx, depth + 1);
  }
  if (name === 'time') return checkSimple({ words: args, redirects: [] }, ctx, depth + 1);
  const denied = WRAPPERS_DENIED[name];
  if (denied) return deny(denied);
  if (name === 'kill') return checkKill(args, ctx);
  if (name === 'curl') return checkCurl(args);
  if (name === 'launchctl') return checkLaunchctl(args, ctx);
  if (name === 'openclaw' || name === 'openclaw-gateway') return checkOpenclaw(args);
  if (name === 'find') return checkFind(args, ctx);
  if (name === 'top') return args.includes('-l') || args.includes('-b') || args.includes('-n') ? ALLOW : deny('top only in batch mode (top -l 1)');
  if (name === 'log') return args[0] === 'show' ? checkPathArgs(args, ctx) : deny('log: only log show');
  if (READ_ONLY.has(name)) return checkPathArgs(args, ctx);
  return deny(`${name} is not on the doctor's list of commands`);
}

/** The policy for one Bash command line. */
export function checkBash(command: string, ctx: GuardContext): Verdict {
  if (!command.trim()) return deny('empty command');
  if (command.length > 4000) return deny('command too long to check');
  let simples: Simple[];
  try {
    simples = split(lex(command));
  } catch (e) {
    return deny((e as Error).message);
  }
  if (!simples.length) return deny('nothing to run');
  for (const s of simples) {
    const v = checkSimple(s, ctx);
    if (!v.allow) return v;
  }
  return ALLOW;
}

/** The policy for file tools: read anything but secrets; write only the gateway config. */
export function checkFileTool(tool: string, path: string, ctx: GuardContext): Verdict {
  if (!path) return deny(`${tool} needs a path`);
  const p = expand(path, ctx);
  if (tool === 'Edit' || tool === 'Write' || tool === 'MultiEdit' || tool === 'NotebookEdit') {
    return p === ctx.configPath ? ALLOW : deny(`the doctor may edit only the gateway config (${ctx.configPath})`);
  }
  const why = secretPath(p, ctx);
  return why ? deny(why) : ALLOW;
}

export interface HookInput {
  hook_event_name?: string;
  tool_name?: string;
  tool_input?: { command?: string; file_path?: string; path?: string; pattern?: string; notebook_path?: string };
}

/** Decides a PreToolUse hook call. Unknown tools are denied: the doctor's tool set is fixed. */
export function decideHook(input: HookInput, ctx: GuardContext): Verdict {
  const tool = input.tool_name ?? '';
  const ti = input.tool_input ?? {};
  switch (tool) {
    case 'Bash':
      return checkBash(ti.command ?? '', ctx);
    case 'Read':
    case 'Edit':
    case 'Write':
    case 'MultiEdit':
      return checkFileTool(tool, ti.file_path ?? '', ctx);
    case 'Grep':
    case 'Glob':
      return ti.path ? checkFileTool(tool, ti.path, ctx) : ALLOW;
    case 'StructuredOutput':
      return ALLOW; // the final report (--json-schema); it has no effect outside the run
    default:
      return deny(`tool ${tool} is not available to the doctor`);
  }
}
