/**
 * processes/no-module-level-cache is incremental although its findings (on module-level
 * declarations) depend on writes in request handlers anywhere in the file: its facts hold
 * every top-level statement that mentions a candidate name. Re-checking only what changed must
 * give exactly what a full check gives when edits add, remove or break those writes, the
 * handlers around them, the declarations and the file's app markers in other statements.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import '../support/engine';
import { EditSession, editsMatchFullChecks, repeated } from '../support/incremental';
import { RULES } from '../../server/src/rules/index';

const rule = RULES.find((r) => r.id === 'processes/no-module-level-cache')!;
const rules = [rule];



/** Per file: a text whose candidates are declared and written in different statements, and the pieces edits insert. */
const CASES: { name: string; text: string; pieces: string[] }[] = [
  {
    name: 'server.ts',
    text: "import express from 'express';\nconst app = express();\nconst cache = new Map<string, number>();\nconst users = {};\n"
      + repeated(12, (i) => `function helper${i}(x: number): number {\n  return x * ${i + 2};\n}\n`)
      + "app.get('/a', (req, res) => {\n  cache.set(String(req.query.k), 1);\n  res.json({});\n});\n"
      + "function loadUsers() {\n  users['a'] = 1;\n}\n"
      + repeated(6, (i) => `export const limit${i} = ${i};\n`),
    pieces: [
      "\napp.post('/b', (req, res) => { users[req.body.id] = req.body; });\n", '\nfunction fillCache() { cache.set("k", 2); }\n',
      '\nconst cache = {};\n', '\nlet sessions = [];\n', "\nrouter.get('/s', (req, res) => { sessions.push(req.body); });\n",
      '\nfunction getUsers(req, res) { users[req.params.id] = 2; }\n', 'cache', 'users', 'load', 'get', '(req, res) => ', '}', '{', '\n', ' ', '//', 'app.get(',
      '\nfunction handler(req, res) { const cache = new Map(); cache.set(1, 2); }\n',
    ],
  },
  {
    name: 'views.py',
    text: 'from flask import Flask, request\n\napp = Flask(__name__)\n_cache = {}\nUSERS = []\n\n'
      + repeated(10, (i) => `def helper_${i}(x):\n    return x * ${i + 2}\n\n`)
      + '@app.get("/a")\ndef view_a():\n    _cache[request.args["k"]] = 1\n    return "ok"\n\n'
      + 'def load_users():\n    USERS.append(1)\n\n'
      + repeated(5, (i) => `LIMIT_${i} = ${i}\n`),
    pieces: [
      '\n@app.post("/b")\ndef view_b():\n    USERS.append(request.json)\n', '\ndef fill():\n    _cache["k"] = 2\n', '\n_cache = dict()\n',
      '\nsessions = {}\n', '\ndef get_users(request):\n    USERS.append(2)\n', '\ndef view_c(request):\n    _cache = {}\n    _cache[1] = 2\n',
      '_cache', 'USERS', 'load_', '    ', '\n', ' ', '#', '@app.route("/x")\n', ':',
    ],
  },
  {
    name: 'main.go',
    text: 'package main\n\nimport "net/http"\n\nvar sessions = map[string]string{}\n\n'
      + repeated(8, (i) => `func helper${i}(x int) int {\n\treturn x * ${i + 2}\n}\n\n`)
      + 'func login(w http.ResponseWriter, r *http.Request) {\n\tsessions[r.FormValue("t")] = "u"\n}\n\n'
      + 'func initSessions() {\n\tsessions["a"] = "b"\n}\n',
    pieces: ['\nfunc other(w http.ResponseWriter, r *http.Request) {\n\tsessions["x"] = r.FormValue("y")\n}\n', '\nvar cache = map[string]int{}\n',
      '\nfunc fill() {\n\tcache["k"] = 1\n}\n', 'sessions', 'init', 'w http.ResponseWriter, r *http.Request', '}', '{', '\n', ' '],
  },
  {
    name: 'carts_controller.rb',
    text: 'class CartsController < ApplicationController\n  @@carts = {}\n\n'
      + repeated(6, (i) => `  def helper${i}(x)\n    x * ${i + 2}\n  end\n\n`)
      + '  def create\n    @@carts[session.id] = params[:items]\n  end\nend\n',
    pieces: ['\n  def update\n    @@carts[params[:id]] = 1\n  end\n', '\n  @@users = {}\n', '@@carts', 'end\n', 'Application', ' ', '\n'],
  },
  {
    name: 'CartController.java',
    text: 'import java.util.*;\n\n@RestController\nclass CartController {\n    private final Map<String, Cart> carts = new HashMap<>();\n\n'
      + repeated(6, (i) => `    int helper${i}(int x) {\n        return x * ${i + 2};\n    }\n\n`)
      + '    @PostMapping("/cart")\n    void save(@RequestBody Cart cart) { carts.put(cart.id(), cart); }\n}\n',
    pieces: ['\n    void add(Cart c) { carts.put("x", c); }\n', '\n    static Map<String, String> tokens = new HashMap<>();\n', 'carts', '@RestController', '}', '{', ' ', '\n'],
  },
];

test('no-module-level-cache re-checked incrementally finds what a full check finds', async () => {
  EditSession.partialRuns = 0;
  const findings = await editsMatchFullChecks(CASES, { rules, seed: 1207, numRuns: 60 });
  assert.ok(findings >= CASES.length, `the texts have findings (${findings})`);
  assert.ok(EditSession.partialRuns > 50, `the partial path ran (${EditSession.partialRuns} times)`);
});
