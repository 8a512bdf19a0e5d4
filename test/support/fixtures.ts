/**
 * Annotated rule fixtures, semgrep style: real code in the target language, with comments
 *   ruleid: <rule-id>      the next code line must be flagged by the rule
 *   ok: <rule-id>          the next code line must not be flagged
 *   todoruleid: <rule-id>  a known miss (reported, not failed)
 *   todook: <rule-id>      a known false alarm (reported, not failed)
 * A finding on a line without `ruleid:` fails. `<name>.fixed.<ext>` holds the text after
 * applying each finding's preferred fix. Files under `_project/` are the neighbouring
 * files (placed at the project root) for cross-file rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './engine';

export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'rules');

export type Mark = 'ruleid' | 'ok' | 'todoruleid' | 'todook';
export interface Annotation { mark: Mark; ruleIds: string[]; line: number /* 0-based target line */ }
export interface Fixture { ruleId: string; file: string; name: string; text: string; annotations: Annotation[]; fixed?: string; projectFiles: Record<string, string> }

const ANNOTATION = /^\s*(?:\/\/|#|\/\*|\*|<!--|--)\s*(ruleid|ok|todoruleid|todook):\s*([\w/*, -]+?)\s*(?:\*\/|-->)?\s*$/;

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split(/\r?\n/);
  const out: Annotation[] = [];
  let pending: { mark: Mark; ruleIds: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOTATION.exec(lines[i]);
    if (m) {
      pending.push({ mark: m[1] as Mark, ruleIds: m[2].split(/[\s,]+/).filter(Boolean) });
      continue;
    }
    if (pending.length && lines[i].trim() !== '') {
      for (const p of pending) out.push({ ...p, line: i });
      pending = [];
    }
  }
  return out;
}

function readProject(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const projectDir = path.join(dir, '_project');
  if (!fs.existsSync(projectDir)) return files;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else files[path.posix.join('/project', path.relative(projectDir, full).split(path.sep).join('/'))] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(projectDir);
  return files;
}

/** Every fixture file, by rule id (from its folder `<factor>/<rule>`). */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  if (!fs.existsSync(FIXTURES)) return out;
  for (const factor of fs.readdirSync(FIXTURES).sort()) {
    const fdir = path.join(FIXTURES, factor);
    if (!fs.statSync(fdir).isDirectory()) continue;
    for (const rule of fs.readdirSync(fdir).sort()) {
      const rdir = path.join(fdir, rule);
      if (!fs.statSync(rdir).isDirectory()) continue;
      const projectFiles = readProject(rdir);
      for (const name of fs.readdirSync(rdir).sort()) {
        const file = path.join(rdir, name);
        if (name.startsWith('_') || !fs.statSync(file).isFile() || /\.fixed(\.[^.]+)?$|\.fixed\./.test(name)) continue;
        const text = fs.readFileSync(file, 'utf8');
        const dot = name.indexOf('.', 1);
        const fixedName = dot > 0 ? `${name.slice(0, dot)}.fixed${name.slice(dot)}` : `${name}.fixed`;
        const fixedPath = path.join(rdir, fixedName);
        out.push({
          ruleId: `${factor}/${rule}`, file, name, text, annotations: parseAnnotations(text), projectFiles,
          fixed: fs.existsSync(fixedPath) ? fs.readFileSync(fixedPath, 'utf8') : undefined,
        });
      }
    }
  }
  return out;
}

/** Comment lines after each line that opens a block: every block, call and statement around them grows past 4 KB. */
export function blownUp(text: string, lang: string): string {
  const c = lang === 'python' || lang === 'ruby' ? '#' : '//';
  const filler = Array.from({ length: 60 }, (_, i) => `${c} filler ${i} ......................................................................`).join('\n');
  return text.split('\n').map((l) => {
    const t = l.trimEnd();
    const opens = /[{:(]$/.test(t) || /\b(do|then)$/.test(t) || (lang === 'ruby' && /^\s*(if|unless|while|until|def|class|module|case|begin)\b/.test(t));
    return opens && !(lang === 'php' && /^\s*<\?php/.test(t)) ? `${l}\n${filler}` : l;
  }).join('\n');
}
