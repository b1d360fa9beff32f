import { randomUUID } from 'node:crypto';
import { ProgressLocation, window, type CancellationToken } from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';

/**
 * Runs a server request inside a cancellable progress notification. The request gets a
 * work-done token of our own; what the server reports on it ("12 of 40 files") is shown in the
 * notification, and cancelling the notification cancels the request.
 */
export function withServerProgress<T>(
  client: BaseLanguageClient,
  title: string,
  request: (workDoneToken: string, cancellation: CancellationToken) => Promise<T>,
): Thenable<T> {
  return window.withProgress({ location: ProgressLocation.Notification, title, cancellable: true }, async (progress, cancellation) => {
    const workDoneToken = randomUUID();
    let shownPercentage = 0;
    const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      // The server reports absolute percentages; the notification adds up increments.
      const percentage = value.percentage ?? shownPercentage;
      progress.report({ message: value.message, increment: Math.max(0, percentage - shownPercentage) });
      shownPercentage = Math.max(shownPercentage, percentage);
    });
    try {
      return await request(workDoneToken, cancellation);
    } finally {
      listener.dispose();
    }
  });
}
