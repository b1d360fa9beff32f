import { builtinModules } from 'node:module';

/** The module names a bundle loads at run time: `require("x")` and `import("x")` with a literal name. */
export function loadedModules(bundle: string): Set<string> {
  return new Set([...bundle.matchAll(/\b(?:require|import)\("([^"]+)"\)/g)].flatMap((match) => match[1] ?? []));
}

/** Names that are neither Node built-ins nor `allowed`: dependencies the bundler left out. */
export function unbundledModules(bundle: string, allowed: readonly string[] = []): string[] {
  const builtins = new Set(builtinModules);
  return [...loadedModules(bundle)].filter((name) => !allowed.includes(name) && !builtins.has(name.replace(/^node:/, '')));
}
