/** The generated TypeScript and Python sources the bench types into (`npm run bench`, `typing-gc`), and where. */

/** The line the bench types its `v`th character into (at its start), in a file of `lineCount` lines: spread over the file, as a person moves around it. */
export function typedLine(v: number, lineCount: number): number {
  return Math.floor((v * 7919) % (lineCount - 10)) + 5;
}

/** A TypeScript service of about `lines` lines: Express handlers over a Postgres pool. */
export function generateTs(lines: number): string {
  const out = ["import express from 'express';", "import { Pool } from 'pg';", '', 'const app = express();', "const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://localhost/dev' });", ''];
  let i = 0;
  while (out.length < lines - 2) {
    out.push(`export async function handler${i}(req: express.Request, res: express.Response): Promise<void> {`,
      `  const limit = Number(req.query.limit ?? ${i % 50 + 10});`,
      `  const { rows } = await pool.query('select * from items_${i % 7} limit $1', [limit]);`,
      `  if (rows.length === 0) { res.status(404).json({ error: 'not found', id: ${i} }); return; }`,
      `  console.log(\`handler${i}: \${rows.length} rows\`);`,
      `  res.json({ items: rows, page: ${i}, docs: 'https://12factor.net/config' });`,
      '}', `app.get('/items/${i}', (req, res) => { void handler${i}(req, res); });`, '');
    i++;
  }
  out.push('app.listen(3000);', '');
  return out.join('\n');
}

/** A Python service of about `lines` lines: Flask handlers. */
export function generatePy(lines: number): string {
  const out = ['import logging', 'import os', '', 'from flask import Flask, jsonify, request', '', 'app = Flask(__name__)', 'PAGE = int(os.environ.get("PAGE_SIZE", "50"))', ''];
  let i = 0;
  while (out.length < lines - 4) {
    out.push(`@app.route("/items/${i}")`, `def handler_${i}():`, `    limit = int(request.args.get("limit", ${i % 50 + 10}))`,
      `    rows = [{"id": n, "page": ${i}} for n in range(limit)]`, `    logging.info("handler_${i}: %d rows", len(rows))`,
      `    return jsonify(items=rows, docs="https://12factor.net/logs")`, '', '');
    i++;
  }
  out.push('', 'if __name__ == "__main__":', '    app.run(host="0.0.0.0", port=5000)', '');
  return out.join('\n');
}
