import { FactorSlug, FACTOR_SLUGS } from './types';

export interface Factor { slug: FactorSlug; numeral: string; title: string; summary: string; url: string }

const rows: [FactorSlug, string, string, string][] = [
  ['codebase', 'I', 'Codebase', 'One codebase tracked in revision control, many deploys'],
  ['dependencies', 'II', 'Dependencies', 'Explicitly declare and isolate dependencies'],
  ['config', 'III', 'Config', 'Store config in the environment'],
  ['backing-services', 'IV', 'Backing services', 'Treat backing services as attached resources'],
  ['build-release-run', 'V', 'Build, release, run', 'Strictly separate build and run stages'],
  ['processes', 'VI', 'Processes', 'Execute the app as one or more stateless processes'],
  ['port-binding', 'VII', 'Port binding', 'Export services via port binding'],
  ['concurrency', 'VIII', 'Concurrency', 'Scale out via the process model'],
  ['disposability', 'IX', 'Disposability', 'Maximize robustness with fast startup and graceful shutdown'],
  ['dev-prod-parity', 'X', 'Dev/prod parity', 'Keep development, staging, and production as similar as possible'],
  ['logs', 'XI', 'Logs', 'Treat logs as event streams'],
  ['admin-processes', 'XII', 'Admin processes', 'Run admin/management tasks as one-off processes'],
];

export const FACTORS: readonly Factor[] = rows.map(([slug, numeral, title, summary]) => ({
  slug, numeral, title, summary, url: `https://12factor.net/${slug}`,
}));

export function factor(slug: FactorSlug): Factor {
  const f = FACTORS.find((x) => x.slug === slug);
  if (!f) throw new Error(`unknown factor ${slug}`);
  return f;
}

export function isFactorSlug(s: string): s is FactorSlug {
  return (FACTOR_SLUGS as readonly string[]).includes(s);
}
