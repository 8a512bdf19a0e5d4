/**
 * Quick fixes for endpoint literals, shared by `config/no-hardcoded-url` and
 * `backing-services/no-fixed-host`, built on the shared builders of fixes/move-to-env.ts:
 *
 * - a URL or host without credentials: "Read NAME from the environment (keep the current
 *   value as default)" — safe, the code behaves the same while NAME is unset;
 * - a URL with a password: "Move to environment variable NAME" — suggestion, preferred:
 *   keeping it as a default would leave the password in the code; when the literal already
 *   is the default of an env read, the default is dropped instead and the value moves to `.env`;
 * - a literal with interpolations or format holes (`f"postgres://{u}@localhost/db"`): none.
 */
import type { RuleContext } from '../engine/rule';
import type { Fix } from '../engine/types';
import { dropEnvDefaultFix, moveToEnvFix, readWithDefaultFix } from '../fixes/move-to-env';
import type { EndpointLiteral } from './endpoint-literals';

export function endpointFixes(context: RuleContext, lit: EndpointLiteral, envName: string): Fix[] {
  if (lit.template) return [];
  const node = lit.node;
  let fix: Fix | undefined;
  if (lit.verdict.reason === 'credentials-in-url') {
    fix = lit.envDefault
      ? dropEnvDefaultFix(context, { node, preferred: true })
      : moveToEnvFix(context, { node, name: envName, preferred: true });
  } else if (!lit.envDefault) {
    fix = readWithDefaultFix(context, { node, name: envName, preferred: true });
  }
  return fix ? [fix] : [];
}
