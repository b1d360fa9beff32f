import { env, languages, Uri, window, type Diagnostic } from 'vscode';
import { PRODUCT_NAME } from '../../../server/src/lsp/protocol';

/**
 * "Identity Isolation: Show Documentation". The server's code action passes the rule's
 * documentation URL; from the command palette the user picks one of the rules that currently
 * have findings (their diagnostics carry the URL, so it is never rebuilt here).
 */
export async function showDocumentation(url?: unknown): Promise<void> {
  const target = url instanceof Uri ? url : typeof url === 'string' ? Uri.parse(url) : await pickRuleDocumentation();
  if (!target) return;
  // Only web pages: the argument may come from a code action of any server response.
  if (target.scheme !== 'https' && target.scheme !== 'http') {
    void window.showErrorMessage(`Identity isolation: not a documentation link: ${target.toString()}`);
    return;
  }
  await env.openExternal(target);
}

async function pickRuleDocumentation(): Promise<Uri | undefined> {
  const rules = rulesWithFindings();
  if (rules.size === 0) {
    void window.showInformationMessage('Identity isolation: no findings to document. Run "Identity Isolation: Audit Workspace" first.');
    return undefined;
  }
  const items = [...rules].sort(([a], [b]) => a.localeCompare(b)).map(([label, target]) => ({ label, detail: target.toString(), target }));
  return (await window.showQuickPick(items, { title: 'Identity isolation rule documentation' }))?.target;
}

/** Rule id → documentation URL, from the diagnostics our server published. */
function rulesWithFindings(): Map<string, Uri> {
  const rules = new Map<string, Uri>();
  for (const [, diagnostics] of languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      const rule = documentedRule(diagnostic);
      if (rule) rules.set(rule.id, rule.target);
    }
  }
  return rules;
}

function documentedRule(diagnostic: Diagnostic): { id: string; target: Uri } | undefined {
  if (diagnostic.source !== PRODUCT_NAME || typeof diagnostic.code !== 'object') return undefined;
  return { id: String(diagnostic.code.value), target: diagnostic.code.target };
}
