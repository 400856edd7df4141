// Renders prompts/*.md with the incident's context. {{name}} placeholders; the user edits the
// Markdown, not code. Everything inserted is redacted and neutralised first.

export function renderTemplate(template: string, vars: Record<string, string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => {
    if (name in vars) return vars[name] as string;
    unknown.push(name);
    return m;
  });
  return { text, unknown };
}

/**
 * Text for the prompt that came from elsewhere (a probe, a process line, a restart's output). Claude
 * Code reads any `@path` in a `-p` prompt into the request before a single hook runs, so every `@`
 * becomes the full-width `＠` (U+FF20), which it does not expand and a model still reads as "at".
 * Backticks go too: untrusted text must not close our code spans.
 */
export function neutralise(text: string): string {
  return text.replace(/@/g, '＠').replace(/`/g, "'");
}
