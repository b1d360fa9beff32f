/**
 * Replaces a method of a VS Code API namespace for one test and returns the restore function.
 * The test module and the extension share the extension's `vscode` API object (same extension
 * folder), so a stubbed `window.showWarningMessage` is what the extension's command calls: that
 * is how the tests answer modal questions no one can click in a headless run.
 */
export function stub<T extends object, K extends keyof T>(target: T, key: K, replacement: (...args: never[]) => unknown): () => void {
  const original = target[key];
  // The API's overloads cannot be restated by a test double; the test answers the calls it makes.
  target[key] = replacement as T[K];
  return () => {
    target[key] = original;
  };
}
