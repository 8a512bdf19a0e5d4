/**
 * Settings, normalised in one place. `normaliseSettings` never throws: values of the wrong
 * type fall back to their defaults and each produces one warning. The same defaults are
 * declared in package.json `contributes.configuration` (a test keeps the two in step).
 */
import type { SeveritySetting } from './types';

export type RunMode = 'onType' | 'onSave';
export type ProcfileTarget = 'heroku' | 'cnb' | 'dokku' | 'foreman' | 'honcho' | 'overmind';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  enable: boolean;
  run: RunMode;
  debounceMs: number;
  rules: Record<string, SeveritySetting>;
  ignore: string[];
  includeTests: boolean;
  dotenv: { files: string[] };
  procfile: { target: ProcfileTarget };
  cloakSecrets: boolean;
  maxFileSize: number;
  timeBudgetMs: number;
  trace: { server: TraceLevel };
  /** Read by the VS Code client: scan the workspace when the server has started. */
  scanOnStartup: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  run: 'onType',
  debounceMs: 300,
  rules: {},
  ignore: [],
  includeTests: false,
  dotenv: { files: ['.env', '.env.local', '.env.example', '.env.sample', '.env.template'] },
  procfile: { target: 'heroku' },
  cloakSecrets: true,
  maxFileSize: 1048576,
  timeBudgetMs: 2000,
  trace: { server: 'off' },
  scanOnStartup: false,
} as Settings);

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error', 'hint'];
const PROCFILE_TARGETS: readonly ProcfileTarget[] = ['heroku', 'cnb', 'dokku', 'foreman', 'honcho', 'overmind'];

export interface Normalised { settings: Settings; warnings: string[] }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Severity words users write, mapped onto ours (`warn` and ESLint's 0/1/2 included). */
export function parseSeverity(v: unknown): SeveritySetting | undefined {
  if (v === 0) return 'off';
  if (v === 1) return 'warning';
  if (v === 2) return 'error';
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === 'warn') return 'warning';
  if (s === 'information') return 'info';
  return (SEVERITY_SETTINGS as readonly string[]).includes(s) ? (s as SeveritySetting) : undefined;
}

/** Turns whatever the client sent (possibly nothing, possibly nonsense) into typed settings. */
export function normaliseSettings(raw: unknown): Normalised {
  const warnings: string[] = [];
  const d = DEFAULT_SETTINGS;
  const r = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) warnings.push('twelveFactor settings are not an object; using defaults');

  const pick = <T>(key: string, value: unknown, ok: (v: unknown) => v is T, fallback: T): T => {
    if (value === undefined || value === null) return fallback;
    if (ok(value)) return value;
    warnings.push(`twelveFactor.${key} has an invalid value; using the default`);
    return fallback;
  };
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

  const rules: Record<string, SeveritySetting> = {};
  if (isRecord(r.rules)) {
    for (const [id, v] of Object.entries(r.rules)) {
      const sev = parseSeverity(v);
      if (sev) rules[id] = sev;
      else warnings.push(`twelveFactor.rules["${id}"] must be one of off, info, warning, error`);
    }
  } else if (r.rules !== undefined && r.rules !== null) warnings.push('twelveFactor.rules has an invalid value; using the default');

  const dotenv = isRecord(r.dotenv) ? r.dotenv : {};
  const procfile = isRecord(r.procfile) ? r.procfile : {};
  const trace = isRecord(r.trace) ? r.trace : {};

  const settings: Settings = {
    enable: pick('enable', r.enable, isBool, d.enable),
    run: pick('run', r.run, (v): v is RunMode => v === 'onType' || v === 'onSave', d.run),
    debounceMs: Math.round(pick('debounceMs', r.debounceMs, isNonNegInt, d.debounceMs)),
    rules,
    ignore: pick('ignore', r.ignore, isStrArray, d.ignore),
    includeTests: pick('includeTests', r.includeTests, isBool, d.includeTests),
    dotenv: { files: pick('dotenv.files', dotenv.files, isStrArray, d.dotenv.files) },
    procfile: {
      target: pick('procfile.target', procfile.target,
        (v): v is ProcfileTarget => (PROCFILE_TARGETS as readonly unknown[]).includes(v), d.procfile.target),
    },
    cloakSecrets: pick('cloakSecrets', r.cloakSecrets, isBool, d.cloakSecrets),
    maxFileSize: pick('maxFileSize', r.maxFileSize, isNonNegInt, d.maxFileSize),
    timeBudgetMs: pick('timeBudgetMs', r.timeBudgetMs, isNonNegInt, d.timeBudgetMs),
    trace: {
      server: pick('trace.server', trace.server,
        (v): v is TraceLevel => v === 'off' || v === 'messages' || v === 'verbose', d.trace.server),
    },
    scanOnStartup: pick('scanOnStartup', r.scanOnStartup, isBool, d.scanOnStartup),
  };
  return { settings, warnings };
}

/** The project file `.twelve-factor.json`. */
export interface ProjectConfig { rules: Record<string, SeveritySetting>; ignore: string[] }

export const EMPTY_PROJECT_CONFIG: ProjectConfig = Object.freeze({ rules: {}, ignore: [] }) as ProjectConfig;

export class ConfigError extends Error {}

/** Parses `.twelve-factor.json`; throws ConfigError with a one-line reason when it is unusable. */
export function parseProjectConfig(text: string): ProjectConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(raw)) throw new ConfigError('must be a JSON object');
  const rules: Record<string, SeveritySetting> = {};
  if (raw.rules !== undefined) {
    if (!isRecord(raw.rules)) throw new ConfigError('"rules" must be an object of rule id to severity');
    for (const [id, v] of Object.entries(raw.rules)) {
      const sev = parseSeverity(v);
      if (!sev) throw new ConfigError(`rule "${id}": severity must be one of off, info, warning, error`);
      rules[id] = sev;
    }
  }
  let ignore: string[] = [];
  if (raw.ignore !== undefined) {
    if (!Array.isArray(raw.ignore) || !raw.ignore.every((x) => typeof x === 'string')) {
      throw new ConfigError('"ignore" must be an array of glob strings');
    }
    ignore = raw.ignore as string[];
  }
  return { rules, ignore };
}

/** The project file sits under the settings: editor settings win where both speak. */
export function mergeProjectConfig(settings: Settings, project: ProjectConfig): Settings {
  return {
    ...settings,
    rules: { ...project.rules, ...settings.rules },
    ignore: [...project.ignore, ...settings.ignore],
  };
}

/** A rule's effective severity: exact id, then `<factor>/*`, then `*`, then its default. */
export function severityFor(ruleId: string, rules: Record<string, SeveritySetting>, fallback: SeveritySetting): SeveritySetting {
  if (rules[ruleId]) return rules[ruleId];
  const slash = ruleId.indexOf('/');
  const factorWildcard = `${ruleId.slice(0, slash)}/*`;
  if (rules[factorWildcard]) return rules[factorWildcard];
  if (rules[ruleId.slice(0, slash)]) return rules[ruleId.slice(0, slash)];
  if (rules['*']) return rules['*'];
  return fallback;
}
