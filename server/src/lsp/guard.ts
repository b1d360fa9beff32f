import { ErrorCodes, ResponseError } from 'vscode-languageserver';

type Log = (message: string) => void;

/**
 * Standard requests (hover, code actions): a failure is logged and answered with the empty
 * answer, so the editor shows nothing rather than an error, and the server keeps serving.
 */
export function withFallback<P, R, F>(name: string, log: Log, fallback: F, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R | F> {
  return async (params) => {
    try {
      return await handler(params);
    } catch (error) {
      log(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}

/** The server's own requests: a failure is logged and answered with an error the client can show. */
export function reportingErrors<P, T, R>(name: string, log: Log, handler: (params: P, token: T) => R | Promise<R>): (params: P, token: T) => Promise<R> {
  return async (params, token) => {
    try {
      return await handler(params, token);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log(`${name} failed: ${describeError(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** Notifications have no answer: a failure is logged. */
export function loggingErrors<P>(name: string, log: Log, handler: (params: P) => void | Promise<void>): (params: P) => void {
  const fail = (error: unknown) => log(`${name} failed: ${describeError(error)}`);
  return (params) => {
    try {
      Promise.resolve(handler(params)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
