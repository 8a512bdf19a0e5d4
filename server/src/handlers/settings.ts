/**
 * Settings per resource: pulled with `workspace/configuration` (section `twelveFactor`)
 * where the client supports it, else `initializationOptions.settings`, else defaults;
 * normalised once, merged over the folder's `.twelve-factor.json`, cached per URI and
 * cleared when either changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import {
  EMPTY_PROJECT_CONFIG, mergeProjectConfig, normaliseSettings, parseProjectConfig, type ProjectConfig, type Settings,
} from '../engine/settings';
import type { Logger } from './logger';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly projectConfigs = new Map<string, ProjectConfig>();
  private readonly warned = new Set<string>();
  private folders: string[] = [];
  private pull = false;
  private initial: unknown;
  private readonly changeListeners: (() => void)[] = [];

  constructor(private readonly connection: Connection, private readonly log: Logger) {}

  configure(opts: { pull: boolean; initial: unknown; folders: string[] }): void {
    this.pull = opts.pull;
    this.initial = opts.initial;
    this.folders = opts.folders.map((f) => path.resolve(f)).sort((a, b) => b.length - a.length);
  }

  setFolders(folders: string[]): void {
    this.folders = folders.map((f) => path.resolve(f)).sort((a, b) => b.length - a.length);
    this.invalidate();
  }

  /** The workspace folder holding a path (the longest match), or the path's own folder. */
  folderOf(fsPath: string): string {
    const p = path.resolve(fsPath);
    return this.folders.find((f) => p === f || p.startsWith(f + path.sep)) ?? path.dirname(p);
  }

  get workspaceFolders(): readonly string[] { return this.folders; }

  onDidChange(listener: () => void): void { this.changeListeners.push(listener); }

  invalidate(): void {
    this.cache.clear();
    this.projectConfigs.clear();
    this.changeListeners.forEach((l) => l());
  }

  /** Called when `.twelve-factor.json` changes on disk. */
  invalidateProjectConfig(): void { this.invalidate(); }

  get(uri: string): Promise<Settings> {
    let p = this.cache.get(uri);
    if (!p) {
      p = this.load(uri);
      this.cache.set(uri, p);
    }
    return p;
  }

  private async load(uri: string): Promise<Settings> {
    let raw: unknown = (this.initial as { settings?: unknown } | undefined)?.settings;
    if (this.pull) {
      try {
        const [section] = await this.connection.workspace.getConfiguration([{ scopeUri: uri, section: 'twelveFactor' }]) as unknown[];
        if (section !== null && section !== undefined) raw = section;
      } catch (e) {
        this.warnOnce(`could not read settings: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const { settings, warnings } = normaliseSettings(raw);
    warnings.forEach((w) => this.warnOnce(w));
    let fsPath = uri;
    try { fsPath = URI.parse(uri).fsPath; } catch { /* not a file uri */ }
    return mergeProjectConfig(settings, this.projectConfig(this.folderOf(fsPath)));
  }

  private projectConfig(folder: string): ProjectConfig {
    let c = this.projectConfigs.get(folder);
    if (!c) {
      c = EMPTY_PROJECT_CONFIG;
      const file = path.join(folder, '.twelve-factor.json');
      try {
        c = parseProjectConfig(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warnOnce(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.projectConfigs.set(folder, c);
    }
    return c;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log.warn(message);
  }
}
