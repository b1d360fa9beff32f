import type { Context } from 'mocha';

/**
 * Skips a real-client suite whose tools are missing, with exactly one line that says what is
 * missing, unless REQUIRE_REAL_CLIENTS=1 demands the tools (CI with the tools installed).
 * `optional` suites (desktop VS Code, which cannot exist on CI) stay skipped even then.
 */
export function skipUnlessAvailable(test: Context, suite: string, missing: string[], optional = false): void {
  if (missing.length === 0) return;
  if (process.env.REQUIRE_REAL_CLIENTS === '1' && !optional) throw new Error(`${suite} needs ${missing.join(', ')} (REQUIRE_REAL_CLIENTS=1)`);
  console.log(`skipped: ${suite} (${missing.join(', ')})`);
  test.skip();
}
