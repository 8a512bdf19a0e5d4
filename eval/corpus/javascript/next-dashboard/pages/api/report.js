import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { pool } from '../../lib/db';
import { isPrimary } from '../../lib/db';

// expect-none: *
const REPORTS_DIR = process.env.REPORTS_DIR || '/tmp/reports';

export default async function handler(req, res) {
  const { rows } = await pool.query('select * from monthly_revenue order by month desc limit 12');
  const html = `<html><body><h1>Revenue</h1><pre>${JSON.stringify(rows, null, 2)}</pre></body></html>`;
  fs.mkdirSync(REPORTS_DIR, { recursive: true });
  const src = path.join(REPORTS_DIR, `revenue-${Date.now()}.html`);
  fs.writeFileSync(src, html);
  // expect: dependencies/no-undeclared-system-tool
  execSync(`wkhtmltopdf ${src} ${src.replace('.html', '.pdf')}`);
  res.setHeader('Content-Type', 'application/pdf');
  // expect-none: *
  res.setHeader('X-Served-By', isPrimary ? 'primary' : 'replica');
  res.send(fs.readFileSync(src.replace('.html', '.pdf')));
}
