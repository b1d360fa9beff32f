/**
 * Preload (`node --require`) that injects a failure into the engine, as a bug in a parser or a
 * rule would throw one: lower-casing a string that starts with `Fault.Injected/` throws. The engine
 * lower-cases every resource type it reads, so a template declaring a resource of type
 * `Fault.Injected/…` fails inside the analysis, in the server, the CLI and each --jobs worker
 * (worker threads load the preloads of their process). Nothing of the product is changed.
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the string as its this
const lowerCase = String.prototype.toLowerCase;
String.prototype.toLowerCase = function toLowerCase(this: string): string {
  if (String(this).startsWith('Fault.Injected/')) throw new Error('injected engine fault');
  return lowerCase.call(this);
};
