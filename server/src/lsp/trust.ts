import type { EffectiveSettings } from './settings';

/** Whether the client said the workspace is trusted; a client that says nothing has no Restricted Mode. */
export function trustedFrom(initializationOptions: unknown): boolean {
  const options = typeof initializationOptions === 'object' && initializationOptions !== null ? (initializationOptions as Record<string, unknown>) : {};
  return options.workspaceTrusted !== false;
}

/**
 * The settings an untrusted workspace may have. Its bicepconfig.json is the repository's own, and
 * VS Code's `restrictedConfigurations` cannot reach it, so the settings there that make the server
 * read files outside the workspace folders (and show their values in hovers and messages) are
 * dropped: modules outside them, the Bicep module cache, parameter file pairs with a side outside.
 * Returns the names of what was dropped, for one log line.
 */
export function restrictUntrusted(settings: EffectiveSettings, inWorkspace: (filePath: string) => boolean): { settings: EffectiveSettings; dropped: string[] } {
  const dropped: string[] = [];
  if (settings.followModulesOutsideWorkspace) dropped.push('followModulesOutsideWorkspace');
  if (settings.bicepModuleCache !== undefined) dropped.push('useBicepModuleCache');
  const parameterFiles = new Map([...settings.parameterFiles].filter(([parameters, template]) => inWorkspace(parameters) && inWorkspace(template)));
  if (parameterFiles.size < settings.parameterFiles.size) dropped.push('parameterFiles outside the workspace');
  return { settings: { ...settings, followModulesOutsideWorkspace: false, bicepModuleCache: undefined, parameterFiles }, dropped };
}
