// Code only a rare path needs (the serving check when one is due, tier 1 without its state), kept
// out of a tick's own bundle: from dist/ it is a bundle of its own beside the running one, loaded by
// a path the bundler leaves alone; from source, the module itself. A healthy tick parses none of it.
export async function loadPart<T>(bundle: string, sourceFromSeams: string): Promise<T> {
  const bundled = import.meta.url.endsWith('.js');
  // A path in a variable: the bundler does not follow it into this bundle.
  const where = new URL(bundled ? `./${bundle}.js` : sourceFromSeams, import.meta.url).href;
  return (await import(where)) as T;
}
