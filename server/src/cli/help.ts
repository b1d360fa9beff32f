export const HELP_TEXT = `Usage:
  identity-isolation audit [paths...] [options]
  identity-isolation graph [paths...] [--format json|mermaid]
  identity-isolation --help | --version

Finds user-assigned managed identities that are not isolated to one region in Bicep
(.bicep, .bicepparam) and ARM JSON templates. Folders are searched recursively;
the default path is the current folder.

audit options:
  --format text|json|sarif        output format (default: text)
  --output FILE                   write the report to FILE instead of stdout
  --fix                           apply the safe fixes, then report what remains
  --dry-run                       with --fix: print the changes as a diff, write nothing
  --fail-on error|warning|info|none
                                  exit 1 when a finding is at least this severe (default: error)
  --include-generated             also audit JSON compiled from a .bicep file of the same audit
  --jobs N                        number of files analysed at once
  --config FILE                   settings file (default: the nearest bicepconfig.json
                                  with an "identityIsolation" section)
  --baseline FILE                 an earlier SARIF or JSON report: report only new findings

graph options:
  --format json|mermaid           output format (default: json)

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or internal error.
`;

export function usageErrorText(message: string): string {
  return `identity-isolation: ${message}. Run 'identity-isolation --help' for usage.\n`;
}
