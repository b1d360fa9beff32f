import * as vscode from 'vscode';
import { COMMANDS } from '../../client/src/command-ids';
import { stub } from './stub';

export interface FixAllRun {
  /** The questions the command asked, in order. */
  readonly questions: { message: string; options: vscode.MessageOptions & { detail?: string } }[];
  /** What the command returned: whether it applied the fixes. */
  readonly applied: boolean | undefined;
}

/**
 * Runs "Fix All in Workspace", answering its question with the first button (`accept`) or with
 * nothing, as a dismissed dialog does; information messages are answered with nothing.
 */
export async function runFixAllWorkspace(accept: boolean): Promise<FixAllRun> {
  const questions: FixAllRun['questions'] = [];
  const restoreQuestion = stub(vscode.window, 'showWarningMessage', (message: string, options: vscode.MessageOptions, ...buttons: string[]) => {
    questions.push({ message, options });
    return Promise.resolve(accept ? buttons[0] : undefined);
  });
  const restoreInfo = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
  try {
    return { questions, applied: await vscode.commands.executeCommand<boolean>(COMMANDS.fixAllWorkspace) };
  } finally {
    restoreQuestion();
    restoreInfo();
  }
}
