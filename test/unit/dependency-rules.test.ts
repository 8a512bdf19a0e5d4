/** Cross-file cases of the Factor I/II/V/X/XII rules that one fixture project cannot hold. */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkText, ruleById } from '../support/engine';
import { memoryProject } from '../../server/src/engine/project';

const P = '/project';

async function ids(ruleId: string, name: string, text: string, files: Record<string, string>, exists?: (p: string) => boolean): Promise<number[]> {
  const view = exists ? { ...memoryProject(P, files), exists } : undefined;
  const r = await checkText(name, text, { rules: [ruleById(ruleId)], files, project: view });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.map((f) => f.range.start.line);
}

describe('dependencies/no-undeclared-system-tool', () => {
  const code = "const { execFile } = require('child_process');\nexecFile('ffmpeg', ['-i', 'a.mp4', 'b.mp3']);\n";
  const pkg = JSON.stringify({ name: 'svc', dependencies: { express: '^4' } });
  test('undeclared: flagged', async () => {
    assert.deepEqual(await ids('dependencies/no-undeclared-system-tool', 'server.js', code, { [`${P}/package.json`]: pkg }), [1]);
  });
  test('declared by an Aptfile, nixpacks.toml, a buildpack, or a bundling package', async () => {
    const variants: Record<string, string>[] = [
      { [`${P}/Aptfile`]: 'ffmpeg\n' },
      { [`${P}/nixpacks.toml`]: '[phases.setup]\nnixPkgs = ["...", "ffmpeg"]\n' },
      { [`${P}/app.json`]: JSON.stringify({ buildpacks: [{ url: 'https://github.com/jonathanong/heroku-buildpack-ffmpeg-latest' }] }) },
      { [`${P}/package.json`]: JSON.stringify({ dependencies: { 'ffmpeg-static': '^5' } }) },
      { [`${P}/docker/Dockerfile`]: 'FROM node:20-alpine\nRUN apk add --no-cache ffmpeg\n' },
    ];
    for (const files of variants) {
      assert.deepEqual(await ids('dependencies/no-undeclared-system-tool', 'server.js', code, files), [], JSON.stringify(files));
    }
  });
  test('curl and git come with full official base images, not with slim ones', async () => {
    const curl = "const { execSync } = require('child_process');\nexecSync('curl -fsSL https://api.acme.io/feed');\n";
    assert.deepEqual(await ids('dependencies/no-undeclared-system-tool', 'server.js', curl, { [`${P}/Dockerfile`]: 'FROM node:20\nCOPY . .\n' }), []);
    assert.deepEqual(await ids('dependencies/no-undeclared-system-tool', 'server.js', curl, { [`${P}/Dockerfile`]: 'FROM node:20-slim\nCOPY . .\n' }), [1]);
  });
  test('command-line tools and build scripts are not services', async () => {
    assert.deepEqual(await ids('dependencies/no-undeclared-system-tool', 'src/cli.js', code, { [`${P}/package.json`]: JSON.stringify({ bin: { x: 'cli.js' } }) }), []);
    assert.deepEqual(await ids('dependencies/no-undeclared-system-tool', 'scripts/thumbs.js', code, {}), []);
  });
});

describe('dependencies/no-undeclared-import', () => {
  test('no manifest, no finding', async () => {
    assert.deepEqual(await ids('dependencies/no-undeclared-import', 'app.py', 'import requests\n', {}), []);
  });
  test('workspace packages and hoisted root dependencies count as declared', async () => {
    const files = {
      [`${P}/package.json`]: JSON.stringify({ private: true, workspaces: ['packages/*'], dependencies: { zod: '^3' } }),
      [`${P}/packages/api/package.json`]: JSON.stringify({ name: '@acme/api', dependencies: { express: '^4' } }),
      [`${P}/packages/shared/package.json`]: JSON.stringify({ name: '@acme/shared' }),
    };
    const text = "import express from 'express';\nimport { z } from 'zod';\nimport { money } from '@acme/shared';\nimport axios from 'axios';\n";
    assert.deepEqual(await ids('dependencies/no-undeclared-import', 'packages/api/src/server.ts', text, files), [3]);
  });
  test('a computed setup.py is not guessed at', async () => {
    assert.deepEqual(await ids('dependencies/no-undeclared-import', 'app.py', 'import requests\n', { [`${P}/setup.py`]: 'setup(install_requires=load_reqs())\n' }), []);
  });
  test('Go: the module itself, stdlib and required modules', async () => {
    const gomod = 'module example.org/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n';
    const text = 'package main\n\nimport (\n\t"fmt"\n\t"example.org/shop/internal/db"\n\t"github.com/gin-gonic/gin/binding"\n\t"github.com/google/uuid"\n)\n';
    assert.deepEqual(await ids('dependencies/no-undeclared-import', 'main.go', text, { [`${P}/go.mod`]: gomod }), [6]);
  });
});

describe('dependencies/no-lockfile', () => {
  const pkg = JSON.stringify({ name: 'svc', main: 'server.js', dependencies: { express: '^4' } });
  const code = "const express = require('express');\nexpress().listen(process.env.PORT);\n";
  test('a lock file over the read limit still counts when the view can tell it exists', async () => {
    assert.deepEqual(await ids('dependencies/no-lockfile', 'server.js', code, { [`${P}/package.json`]: pkg }, (p) => p === `${P}/package-lock.json`), []);
    assert.deepEqual(await ids('dependencies/no-lockfile', 'server.js', code, { [`${P}/package.json`]: pkg }, () => false), [0]);
  });
  test('a workspace member uses the root lock; other files of the package are left alone', async () => {
    const files = {
      [`${P}/package.json`]: JSON.stringify({ private: true, workspaces: ['api'] }),
      [`${P}/package-lock.json`]: '{}',
      [`${P}/api/package.json`]: pkg,
    };
    assert.deepEqual(await ids('dependencies/no-lockfile', 'api/server.js', code, files), []);
    assert.deepEqual(await ids('dependencies/no-lockfile', 'routes.js', code, { [`${P}/package.json`]: pkg }), []);
  });
  test('plain requirements.txt and libraries need no lock', async () => {
    assert.deepEqual(await ids('dependencies/no-lockfile', 'app.py', 'import flask\n', { [`${P}/requirements.txt`]: 'flask\n' }), []);
    assert.deepEqual(await ids('dependencies/no-lockfile', 'index.php', '<?php\nuse Slim\\App;\n', { [`${P}/composer.json`]: JSON.stringify({ type: 'library', require: { 'slim/slim': '^4' } }) }), []);
  });
});

describe('admin-processes/no-migration-at-startup', () => {
  test('migration folders and one-off scripts are admin processes', async () => {
    const text = 'db.create_all()\n';
    assert.deepEqual(await ids('admin-processes/no-migration-at-startup', 'migrations/env.py', text, {}), []);
    assert.deepEqual(await ids('admin-processes/no-migration-at-startup', 'init_db.py', text, {}), []);
    assert.deepEqual(await ids('admin-processes/no-migration-at-startup', 'shop/management/commands/setup.py', text, {}), []);
    assert.deepEqual(await ids('admin-processes/no-migration-at-startup', 'app.py', 'app = Flask(__name__)\ndb.create_all()\n', {}), [1]);
  });
});
