/**
 * The checker's three outputs. None carries source text: a message never repeats a
 * secret, and there is no snippet field.
 */
import type { Rule } from '../engine/rule';
import type { Finding, Severity } from '../engine/types';
import { factor } from '../engine/factors';

export interface FileFindings { relativePath: string; findings: Finding[] }

function counts(files: readonly FileFindings[]) {
  const c = { error: 0, warning: 0, info: 0, hint: 0, fixable: 0, files: 0 };
  for (const f of files) {
    if (f.findings.length) c.files++;
    for (const x of f.findings) {
      c[x.severity]++;
      if (x.fixes.some((fx) => fx.safety === 'safe' && fx.edits.length > 0)) c.fixable++;
    }
  }
  return c;
}

/** ESLint "stylish"-like text: a file heading, then `line:col  severity  message  rule-id`. */
export function formatText(files: readonly FileFindings[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  for (const f of files) {
    if (!f.findings.length) continue;
    out.push(paint('4', f.relativePath));
    const rows = f.findings.map((x) => [
      `${x.range.start.line + 1}:${x.range.start.character + 1}`,
      x.severity,
      x.message,
      x.ruleId,
    ]);
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, sev, msg, id] of rows) {
      const sevText = sev.padEnd(w1);
      const coloured = sev === 'error' ? paint('31', sevText) : sev === 'warning' ? paint('33', sevText) : paint('36', sevText);
      out.push(`  ${paint('2', pos.padEnd(w0))}  ${coloured}  ${msg}  ${paint('2', id)}`);
    }
    out.push('');
  }
  const c = counts(files);
  const total = c.error + c.warning + c.info + c.hint;
  if (total === 0) {
    out.push('No twelve-factor problems found.');
  } else {
    const parts = [`${c.error} error${c.error === 1 ? '' : 's'}`, `${c.warning} warning${c.warning === 1 ? '' : 's'}`];
    if (c.info + c.hint) parts.push(`${c.info + c.hint} info`);
    out.push(paint(c.error ? '31;1' : '33;1', `\u2716 ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${c.files} file${c.files === 1 ? '' : 's'}`));
    if (c.fixable) out.push(`  ${c.fixable} can be fixed safely with the \`--fix\` option.`);
  }
  return out.join('\n') + '\n';
}

export function formatJson(files: readonly FileFindings[], toolVersion: string): string {
  const c = counts(files);
  return JSON.stringify({
    tool: 'twelve-factor',
    version: toolVersion,
    summary: { errors: c.error, warnings: c.warning, infos: c.info + c.hint, filesWithFindings: c.files, fixable: c.fixable },
    files: files.filter((f) => f.findings.length).map((f) => ({
      path: f.relativePath,
      findings: f.findings.map((x) => ({
        ruleId: x.ruleId,
        factor: x.factor,
        severity: x.severity,
        message: x.message,
        line: x.range.start.line + 1,
        column: x.range.start.character + 1,
        endLine: x.range.end.line + 1,
        endColumn: x.range.end.character + 1,
        docsUrl: x.docsUrl,
        fixable: x.fixes.some((fx) => fx.safety === 'safe' && fx.edits.length > 0),
        suggestions: x.fixes.map((fx) => fx.title),
      })),
    })),
  }, null, 2) + '\n';
}

const sarifLevel: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(files: readonly FileFindings[], rules: readonly Rule[], toolVersion: string): string {
  const ruleList = rules;
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'twelve-factor',
          version: toolVersion,
          informationUri: 'https://12factor.net/',
          rules: ruleList.map((r) => ({
            id: r.id,
            name: r.id.replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase()),
            shortDescription: { text: r.meta.description },
            fullDescription: { text: r.meta.docs.why },
            helpUri: r.docsUrl,
            help: { text: `${r.meta.docs.why} See ${r.docsUrl}` },
            defaultConfiguration: r.meta.defaultSeverity === 'off' ? { enabled: false, level: 'warning' } : { level: sarifLevel[r.meta.defaultSeverity] },
            properties: { factor: r.factor, factorTitle: factor(r.factor).title, tags: ['twelve-factor', r.factor] },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: files.flatMap((f) => f.findings.map((x) => ({
          ruleId: x.ruleId,
          ruleIndex: ruleIndex.get(x.ruleId),
          level: sarifLevel[x.severity],
          message: { text: x.message },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: f.relativePath.split('/').map(encodeURIComponent).join('/') },
              region: {
                startLine: x.range.start.line + 1,
                startColumn: x.range.start.character + 1,
                endLine: x.range.end.line + 1,
                endColumn: x.range.end.character + 1,
              },
            },
          }],
        }))),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
