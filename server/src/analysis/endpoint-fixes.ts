/**
 * Quick fixes for endpoint literals, shared by `config/no-hardcoded-url` and
 * `backing-services/no-fixed-host`, built on the shared builders of fixes/move-to-env.ts:
 *
 * - a URL or host without credentials: "Read NAME from the environment (keep the current
 *   value as default)" — safe, the code behaves the same while NAME is unset;
 * - a URL with a password: "Move to environment variable NAME" — suggestion, preferred:
 *   keeping it as a default would leave the password in the code; when the literal already
 *   is the default of an env read, the default is dropped instead and the value moves to `.env`;
 * - a literal with interpolations or format holes (`f"postgres://{u}@localhost/db"`), or one
 *   piece of a concatenation (`'tcp://redis:6379?auth=' . $pw`): none.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../engine/rule';
import type { Fix } from '../engine/types';
import { dropEnvDefaultFix, moveToEnvFix, readWithDefaultFix } from '../fixes/move-to-env';
import type { EndpointLiteral } from './endpoint-literals';

/** `'tcp://redis:6379?auth=' . getenv('P')`: the literal is one piece of a concatenation; reading it whole from the environment would change what is built. */
function isConcatenationOperand(node: Node): boolean {
  const p = node.parent;
  if (!p || !['binary_expression', 'binary', 'binary_operator'].includes(p.type)) return false;
  const op = p.childForFieldName('operator')?.text;
  return op === '+' || op === '.';
}

export function endpointFixes(context: RuleContext, lit: EndpointLiteral, envName: string): Fix[] {
  if (lit.template) return [];
  const node = lit.node;
  if (isConcatenationOperand(node)) return [];
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
