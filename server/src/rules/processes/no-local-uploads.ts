/**
 * Uploaded files kept on the local disk, where they are meant to outlive the request:
 * multer `dest`/`diskStorage`, formidable `uploadDir`, express-fileupload `mv()`, Flask's
 * `file.save(...)`, Django `FileSystemStorage` in a view or on a model field, FastAPI's
 * `open(f"uploads/...", "wb")`, gin `SaveUploadedFile`, fiber `SaveFile`, CarrierWave
 * `storage :file`, Shrine `FileSystem` stores, Active Storage's Disk service chosen for a deployed
 * environment (`config.active_storage.service = :local` in production.rb), Spring `MultipartFile.transferTo`, PHP
 * `move_uploaded_file`, Laravel `store(..., 'local'|'public')` and `->move(public_path(...))`,
 * and writes of request files under an uploads/media folder in any of the languages.
 *
 * Not flagged: temporary files (`/tmp`, `os.tmpdir()`, `tempfile`, `sys_get_temp_dir()`),
 * memory storage, object storage (S3, GCS, Azure), framework storage APIs whose backend is
 * configured elsewhere (`default_storage.save`, Laravel's default disk, ActiveStorage).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { defineRule, precheck, type RuleContext } from '../../engine/rule';
import type { LanguageId } from '../../parsing/languages';
import { bindingOf, callInfo, enclosingFunction, findImports, stringValue, type CallInfo } from '../../analysis/syntax';

function field(n: Node | null | undefined, name: string): Node | undefined {
  return n?.childForFieldName(name) ?? undefined;
}

function named(n: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** A path that is temporary by construction. */
const TMP = /(^|['"`/\s(])\/?(var\/)?tmp\b|\btmpdir\b|os\.tmpdir\(|tempfile\.|gettempdir\(|mkdtemp|TempDir\(|sys_get_temp_dir\(|java\.io\.tmpdir|createTemp(File|Directory)|Dir\.(tmpdir|mktmpdir)|Tempfile|TMPDIR|temp_dir|TEMP_DIR|tmp_dir|TMP_DIR/;
/** A path (literal or name) that says it holds uploads. */
const UPLOAD_WORD = /upload|\bmedia\b|MEDIA_ROOT|media_root|mediaRoot|avatars?\b|attachments?\b|user[-_]?files/i;

/**
 * The text of a path expression, with the value a plain variable was last given in the
 * enclosing function (or file) appended: `target` -> `target path.join(__dirname, 'uploads', name)`.
 */
function pathText(n: Node, lang: LanguageId): string {
  const id = n.type === 'identifier' || n.type === 'variable_name' ? n.text : undefined;
  if (!id) return n.text;
  const scope = enclosingFunction(n, lang)?.text ?? n.tree.rootNode.text;
  const re = new RegExp(`(^|[^\\w$.])${id.replace(/\$/g, '\\$')}\\s*:?=(?!=)\\s*([^;\\n]+)`, 'g');
  let last: string | undefined;
  for (const m of scope.slice(0, Math.max(0, n.startIndex - (enclosingFunction(n, lang)?.startIndex ?? 0))).matchAll(re)) last = m[2];
  return last ? `${n.text} ${last}` : n.text;
}

function isTmp(n: Node | undefined, lang: LanguageId = 'javascript'): boolean {
  return !!n && TMP.test(pathText(n, lang));
}

function isUploadPath(n: Node, lang: LanguageId): boolean {
  return UPLOAD_WORD.test(pathText(n, lang));
}

/** Short text for messages. */
function label(n: Node | undefined, lang: LanguageId): string {
  if (!n) return 'a local folder';
  const v = stringValue(n, lang);
  const t = (v ?? n.text).replace(/\s+/g, ' ');
  return t.length > 48 ? `${t.slice(0, 45)}...` : t;
}

function report(context: RuleContext, node: Node, target: string): void {
  context.report({ node, messageId: 'localUpload', data: { target } });
}

function reportStorage(context: RuleContext, node: Node, what: string): void {
  context.report({ node, messageId: 'storageConfig', data: { what } });
}

// ---------------------------------------------------------------------------------------
// JavaScript / TypeScript
// ---------------------------------------------------------------------------------------

const JS_WRITES = new Set(['writeFile', 'writeFileSync', 'createWriteStream', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'move', 'moveSync', 'outputFile', 'outputFileSync']);

function objectPair(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object') return undefined;
  for (const c of named(obj)) {
    if (c.type === 'pair' && field(c, 'key')?.text.replace(/^['"]|['"]$/g, '') === key) return c;
  }
  return undefined;
}

function checkJs(context: RuleContext, info: CallInfo, multer: Set<string>, formidable: Set<string>): void {
  const lang = context.language;
  const { node, callee, method, args } = info;
  // multer({ dest: 'uploads/' }), multer.diskStorage({ destination: ... })
  if (node.type === 'call_expression' && multer.has(callee)) {
    const dest = objectPair(args[0], 'dest');
    const v = dest ? field(dest, 'value') : undefined;
    if (v && !isTmp(v, lang)) reportStorage(context, dest!, `multer \`dest: ${label(v, lang)}\``);
    return;
  }
  if (method === 'diskStorage' && info.object && multer.has(info.object)) {
    const dest = objectPair(args[0], 'destination');
    const v = dest ? field(dest, 'value') : undefined;
    if (v && isTmp(v, lang)) return;
    // A function destination that only ever uses tmp is fine; any other is a local folder.
    reportStorage(context, node, 'multer.diskStorage');
    return;
  }
  if (formidable.size && (formidable.has(callee) || /(^|\.)(IncomingForm|Formidable)$/.test(callee))) {
    const dir = objectPair(args[0], 'uploadDir');
    const v = dir ? field(dir, 'value') : undefined;
    if (v && !isTmp(v, lang)) reportStorage(context, dir!, `formidable \`uploadDir: ${label(v, lang)}\``);
    return;
  }
  // express-fileupload: req.files.avatar.mv('./uploads/' + name)
  if (method === 'mv' && args.length >= 1 && /\breq(uest)?\.files\b/.test(context.text)) {
    if (!isTmp(args[0], lang)) report(context, node, label(args[0], lang));
    return;
  }
  if (JS_WRITES.has(method) && (!info.object || /^(fs|fsp|fse|fs\.promises|promises|fsExtra|fs-extra)$/.test(info.object))) {
    const dest = method.startsWith('rename') || method.startsWith('copyFile') || method.startsWith('move') ? args[1] : args[0];
    if (!dest || isTmp(dest, lang) || !isUploadPath(dest, lang)) return;
    if (!enclosingFunction(node, lang)) return;
    report(context, node, label(dest, lang));
  }
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

const PY_STORAGE_RECEIVER = /(^|\.)(default_storage|storage|storages\[.*\]|fs_storage|s3|bucket|blob|client)$/i;

/** `f` is bound to a request file in the enclosing function (`f = request.files["x"]`, `for f in request.files.getlist(...)`, `f: UploadFile`). */
function isRequestFile(name: string, fn: Node | undefined): boolean {
  if (!fn) return false;
  const t = fn.text;
  const n = name.replace(/\W/g, '\\$&');
  return new RegExp(`\\b${n}\\s*=\\s*request\\.(files|FILES)\\b|\\bfor\\s+${n}\\s+in\\s+request\\.(files|FILES)\\b|\\b${n}\\s*:\\s*(UploadFile|FileStorage|UploadedFile)\\b`).test(t)
    || /^request\.(files|FILES)\b/.test(name);
}

function checkPython(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { node, callee, method, args } = info;
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  if (callee === 'FileSystemStorage' || callee.endsWith('.FileSystemStorage')) {
    const loc = info.keywordArgs.get('location') ?? positional[0];
    if (isTmp(loc, lang)) return;
    const b = bindingOf(node, lang);
    const inField = b.kind === 'keyword-argument' && b.name === 'storage' && /(File|Image)Field$/.test(b.callee ?? '');
    if (inField || enclosingFunction(node, lang)) reportStorage(context, node, 'FileSystemStorage');
    return;
  }
  const fn = enclosingFunction(node, lang);
  if (!fn) return;
  if (method === 'save' && info.object && positional.length >= 1) {
    const recv = info.object;
    if (PY_STORAGE_RECEIVER.test(recv)) return;
    const dest = positional[0];
    if (isTmp(dest, lang)) return;
    // werkzeug FileStorage.save(dst): the receiver is a request file, or the target is an uploads folder.
    if (isRequestFile(recv, fn) || (isUploadPath(dest, lang) && !/\.(objects|query)\b/.test(recv))) report(context, node, label(dest, lang));
    return;
  }
  if ((callee === 'open' || callee === 'aiofiles.open' || callee === 'io.open') && positional.length >= 2) {
    const mode = stringValue(positional[1], lang) ?? '';
    if (!/[wax]/.test(mode) || !/b/.test(mode)) return;
    const dest = positional[0];
    if (isTmp(dest, lang) || !isUploadPath(dest, lang)) return;
    report(context, node, label(dest, lang));
    return;
  }
  if (/^shutil\.(copyfile|copy|copy2|move)$/.test(callee) && positional.length >= 2) {
    const dest = positional[1];
    if (!isTmp(dest, lang) && isUploadPath(dest, lang)) report(context, node, label(dest, lang));
    return;
  }
  if ((method === 'write_bytes' || method === 'write_text') && info.object && UPLOAD_WORD.test(info.object) && !TMP.test(info.object)) {
    report(context, node, info.object);
  }
}

// ---------------------------------------------------------------------------------------
// Go
// ---------------------------------------------------------------------------------------

function checkGo(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { node, callee, method, args } = info;
  if ((method === 'SaveUploadedFile' || method === 'SaveFile') && args.length === 2 && info.object) {
    if (!isTmp(args[1], lang)) report(context, node, label(args[1], lang));
    return;
  }
  if (callee === 'os.Create' || callee === 'os.OpenFile' || callee === 'os.WriteFile' || callee === 'ioutil.WriteFile') {
    const dest = args[0];
    if (!dest || isTmp(dest, lang) || !isUploadPath(dest, lang)) return;
    if (!enclosingFunction(node, lang)) return;
    report(context, node, label(dest, lang));
  }
}

// ---------------------------------------------------------------------------------------
// Ruby
// ---------------------------------------------------------------------------------------

function checkRuby(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { node, callee, method, args } = info;
  // CarrierWave uploader: `storage :file`
  if (method === 'storage' && !info.object && args[0]?.text === ':file') {
    reportStorage(context, node, 'CarrierWave `storage :file`');
    return;
  }
  if (/(^|::)Shrine::Storage::FileSystem\.new$/.test(callee)) {
    const pair = node.parent?.type === 'pair' ? node.parent : undefined;
    const key = pair ? field(pair, 'key')?.text.replace(/^:/, '') : undefined;
    if (key === 'cache' || args.some((a) => isTmp(a, lang) || /cache/.test(a.text))) return;
    reportStorage(context, node, 'Shrine::Storage::FileSystem');
    return;
  }
  const write = /^(File|IO)\.(write|binwrite)$|^FileUtils\.(cp|mv|copy|move|copy_file|install)$|^IO\.copy_stream$/.test(callee);
  const open = /^File\.open$/.test(callee) && /['"][wa]b?\+?['"]/.test(args[1]?.text ?? '');
  if (!write && !open) return;
  const dest = /^FileUtils|^IO\.copy_stream/.test(callee) ? args[1] : args[0];
  if (!dest || isTmp(dest, lang) || !isUploadPath(dest, lang)) return;
  if (!enclosingFunction(node, lang)) return;
  report(context, node, label(dest, lang));
}

/** Is Active Storage service `name` a Disk service (config/storage.yml), or `:local` when that file cannot be read? */
function isDiskService(context: RuleContext, name: string): boolean {
  const dir = context.path.replace(/[\\/][^\\/]+$/, '');
  const configDir = /[\\/]environments$/.test(dir) ? dir.replace(/[\\/]environments$/, '') : dir;
  const root = context.project.root.replace(/[\\/]+$/, '');
  const yml = context.project.readText(`${configDir}/storage.yml`) ?? context.project.readText(`${root}/config/storage.yml`);
  if (yml === undefined) return name === 'local';
  const block = new RegExp(`^${name}:\\s*\\n((?:[ \\t]+.*\\n?|\\s*\\n)*)`, 'm').exec(yml);
  return !!block && /^\s+service:\s*Disk\b/m.test(block[1]);
}

function checkRubyAssignment(context: RuleContext, m: Node): void {
  const left = field(m, 'left');
  const right = field(m, 'right');
  // config/environments/production.rb: `config.active_storage.service = :local` (a Disk service).
  if (left?.type === 'call' && /(^|\.)active_storage\.service$/.test(left.text) && right?.type === 'simple_symbol') {
    // Development and test keep files on disk by design; a deployed environment (or all of them) must not.
    const env = /([\w-]+)\.rb$/.exec(context.path)?.[1] ?? '';
    if (/^(development|test|dev|local|ci|testing)$/.test(env)) return;
    const name = right.text.slice(1);
    if (isDiskService(context, name)) reportStorage(context, m, `Active Storage's \`:${name}\` (Disk) service`);
    return;
  }
  // CarrierWave.configure { |config| config.storage = :file }
  if (left?.type !== 'call' || field(left, 'method')?.text !== 'storage' || right?.text !== ':file') return;
  if (!/CarrierWave/.test(context.text)) return;
  reportStorage(context, m, 'CarrierWave `storage = :file`');
}

// ---------------------------------------------------------------------------------------
// Java
// ---------------------------------------------------------------------------------------

function isMultipart(name: string, method: Node | undefined): boolean {
  if (!method) return false;
  const n = name.replace(/\W/g, '\\$&');
  return new RegExp(`\\bMultipartFile(\\s*\\[\\s*\\])?\\s+${n}\\b|\\bMultipartFile\\s+${n}\\s*:`).test(method.text);
}

function checkJava(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { node, callee, method, args } = info;
  const fn = enclosingFunction(node, lang);
  if (method === 'transferTo' && info.object && /^\w+$/.test(info.object) && args.length === 1) {
    if (!isMultipart(info.object, fn) || isTmp(args[0], lang)) return;
    report(context, node, label(args[0], lang));
    return;
  }
  if ((callee === 'Files.copy' || callee === 'Files.write') && args.length >= 2) {
    const src = callee === 'Files.copy' ? args[0] : args[1];
    const m = /^(\w+)\.(getInputStream|getBytes)\(\s*\)$/.exec(src.text);
    const dest = callee === 'Files.copy' ? args[1] : args[0];
    if (!m || !isMultipart(m[1], fn) || isTmp(dest, lang)) return;
    report(context, node, label(dest, lang));
  }
}

// ---------------------------------------------------------------------------------------
// PHP
// ---------------------------------------------------------------------------------------

const LOCAL_DISKS = new Set(['local', 'public']);

/** The upload object a `->move()`/`->store()` is called on comes from the request. */
function isPhpUpload(recv: Node | undefined, fn: Node | undefined): boolean {
  if (!recv) return false;
  if (/^\$request->(file\(|files->get\(|\w+$)/.test(recv.text)) return true;
  if (recv.type !== 'variable_name' || !fn) return false;
  const v = recv.text.replace(/\$/g, '\\$');
  return new RegExp(`${v}\\s*=\\s*[^;]*(->file\\(|files->get\\(|->getData\\(\\)|\\$_FILES)|UploadedFile\\s+${v}\\b`).test(fn.text);
}

function checkPhp(context: RuleContext, info: CallInfo): void {
  const lang = context.language;
  const { node, callee, method, args } = info;
  const fn = callee.toLowerCase();
  if (fn === 'move_uploaded_file') {
    if (args[1] && !isTmp(args[1], lang)) report(context, node, label(args[1], lang));
    return;
  }
  if (node.type === 'function_call_expression') return;
  const recv = field(node, 'object') ?? field(node, 'scope');
  const enclosing = enclosingFunction(node, lang);
  // $request->file('avatar')->store('avatars', 'public'); ->storeAs('avatars', $name, 'local')
  if (/^store(As|Publicly|PubliclyAs)?$/.test(method)) {
    const diskArg = method === 'store' || method === 'storePublicly' ? args[1] : args[2];
    const disk = diskArg ? stringValue(diskArg, lang) : undefined;
    if (disk !== undefined && LOCAL_DISKS.has(disk) && isPhpUpload(recv, enclosing)) report(context, node, `the '${disk}' disk`);
    return;
  }
  // Storage::disk('local')->putFile('avatars', $request->file('avatar'))
  if (/^put(File|FileAs)?$/.test(method) && recv?.type === 'scoped_call_expression') {
    const d = callInfo(recv, lang);
    const disk = d && /(^|\\)Storage::disk$/.test(d.callee) && d.args[0] ? stringValue(d.args[0], lang) : undefined;
    if (disk === undefined || !LOCAL_DISKS.has(disk)) return;
    if (method === 'put' && !args.some((a) => /\$request|->file\(|\$_FILES/.test(a.text))) return;
    report(context, node, `the '${disk}' disk`);
    return;
  }
  // $file->move(public_path('uploads'), $name)
  if (method === 'move' && args.length >= 1 && isPhpUpload(recv, enclosing) && !isTmp(args[0], lang)) {
    report(context, node, label(args[0], lang));
  }
}

// ---------------------------------------------------------------------------------------
// What the text must hold before the tree is worth asking for
// ---------------------------------------------------------------------------------------

/** An upload object from the request, as isPhpUpload recognises it. */
const PHP_UPLOAD = /\$request->|->file\(|files->get\(|->getData\(\)|\$_FILES|UploadedFile/;

/** Python: where each logical line starts (newlines outside brackets, strings and comments). */
function pyLogicalLines(text: string): number[] {
  const starts = [0];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol - 1;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c + c + c, i) ? c + c + c : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (quote.length === 3 || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      // An unterminated one-line string ends at its newline, which ends the line as well.
      i = text[j] === '\n' && quote.length === 1 ? j - 1 : j + quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\\') i += text[i + 1] === '\r' ? 2 : 1;
    else if (c === '\n' && depth === 0) starts.push(i + 1);
  }
  return starts;
}

/**
 * Python: a save/open/copy/move/write_bytes call whose statement names an uploads path, or a
 * variable given one on its line (the path checkPython tests is the call's destination or
 * receiver, with the value its variable was last given).
 */
function pyWritesUploadPath(text: string): boolean {
  const calls = Array.from(text.matchAll(/\b(?:save|open|copyfile|copy2?|move|write_bytes|write_text)\b/g), (m) => m.index);
  if (calls.length === 0) return false;
  const starts = pyLogicalLines(text);
  // Names pathText would find given an uploads path: a name before `=`, or its tail after a non-ASCII letter.
  const assigned = new Set<string>();
  for (const m of text.matchAll(/(?<![\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}$])([\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}$]+)\s*:?=(?!=)\s*([^;\n]+)/gu)) {
    if (!UPLOAD_WORD.test(m[2])) continue;
    for (let i = 0; i < m[1].length; i++) if (i === 0 || !/[\w$.]/.test(m[1][i - 1])) assigned.add(m[1].slice(i));
  }
  const escaped = [...assigned].map((n) => n.replace(/\$/g, '\\$'));
  const named = escaped.length ? new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`, 'u') : undefined;
  let k = 0;
  let done = -1;
  for (const at of calls) {
    while (k + 1 < starts.length && starts[k + 1] <= at) k++;
    if (k === done) continue;
    done = k;
    const statement = text.slice(starts[k], starts[k + 1] ?? text.length);
    if (UPLOAD_WORD.test(statement) || named?.test(statement)) return true;
  }
  return false;
}

/** Per language, what the text holds when a check above can report (each a necessary condition of its paths). */
const MAY_REPORT: Partial<Record<LanguageId, (text: string) => boolean>> = {
  // multer `dest`/diskStorage; formidable `uploadDir`; `req.files.x.mv()`; fs writes to an uploads path.
  javascript: (t) => (/multer/.test(t) && /dest|diskStorage/.test(t)) || (/formidable/.test(t) && /uploadDir/.test(t))
    || (/\bmv\b/.test(t) && /\breq(uest)?\.files\b/.test(t))
    || (UPLOAD_WORD.test(t) && /\b(?:writeFile|writeFileSync|createWriteStream|rename|renameSync|copyFile|copyFileSync|move|moveSync|outputFile|outputFileSync)\b/.test(t)),
  // FileSystemStorage; `f.save()` of a request file; writes to an uploads path.
  python: (t) => /FileSystemStorage/.test(t) || (/\bsave\b/.test(t) && /request\.(?:files|FILES)\b|\b(?:UploadFile|FileStorage|UploadedFile)\b/.test(t))
    || (UPLOAD_WORD.test(t) && pyWritesUploadPath(t)),
  // gin/fiber SaveUploadedFile/SaveFile; os file writes to an uploads path (the callee has no spaces left in it).
  go: (t) => /\bSave(?:Uploaded)?File\b/.test(t) || (UPLOAD_WORD.test(t) && /\b(?:os\s*\.\s*(?:Create|OpenFile|WriteFile)|ioutil\s*\.\s*WriteFile)\b/.test(t)),
  // CarrierWave `storage :file`, Shrine FileSystem, Active Storage settings; File/IO/FileUtils writes to an uploads path.
  ruby: (t) => /\bstorage[\s(\\=]*:file\b/.test(t) || /Shrine::Storage::FileSystem\b|active_storage/.test(t)
    || (UPLOAD_WORD.test(t) && /\b(?:File|IO|FileUtils)\b/.test(t) && /\b(?:write|binwrite|open|copy_stream|cp|mv|copy|move|copy_file|install)\b/.test(t)),
  // Both paths need a MultipartFile parameter or local.
  java: (t) => /MultipartFile/.test(t),
  // move_uploaded_file; store()/move() of a request upload; a 'local'/'public' disk.
  php: (t) => /move_uploaded_file/.test(t) || (/\bmove\b/.test(t) && PHP_UPLOAD.test(t))
    || (/['"](?:local|public)['"]/.test(t) && (/Storage::disk/.test(t) || (/\bstore/.test(t) && PHP_UPLOAD.test(t)))),
};

/** Every match holds one of these tokens (call names and settings), so queries run only around them. */
const ANCHOR = /\b(multer|formidable|Formidable|IncomingForm|diskStorage|mv|writeFile|writeFileSync|createWriteStream|rename|renameSync|copyFile|copyFileSync|move|moveSync|outputFile|outputFileSync|save|write_bytes|write_text|copyfile|copy|copy2|open|FileSystemStorage|SaveUploadedFile|SaveFile|Create|OpenFile|WriteFile|storage|active_storage|FileSystem|write|binwrite|cp|copy_file|install|copy_stream|transferTo|move_uploaded_file|store|storeAs|storePublicly|storePubliclyAs|put|putFile|putFileAs)\b/g;

export default defineRule({
  id: 'processes/no-local-uploads',
  meta: {
    description: 'Uploaded files stored on the local disk',
    defaultSeverity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby', 'java', 'php'],
    fix: 'none',
    messages: {
      localUpload: 'Saves an uploaded file to the local disk ({{target}}), where other processes cannot see it and the next deploy or restart loses it; store it in object storage such as S3 or GCS.',
      storageConfig: '{{what}} keeps uploaded files on the local disk, where other processes cannot see them and the next deploy or restart loses them; use object storage such as S3 or GCS.',
    },
    docs: {
      why: 'Processes share nothing and their disk is ephemeral, so a file uploaded to one process must go to a backing service that every process can read and that outlives deploys.',
      bad: {
        javascript: "const upload = multer({ dest: 'uploads/' });",
        typescript: "req.files.avatar.mv(`./uploads/${req.files.avatar.name}`);",
        python: 'file = request.files["photo"]\nfile.save(os.path.join(app.config["UPLOAD_FOLDER"], secure_filename(file.filename)))',
        go: 'c.SaveUploadedFile(file, "uploads/"+file.Filename)',
        ruby: 'class AvatarUploader < CarrierWave::Uploader::Base\n  storage :file\nend',
        java: 'file.transferTo(new File("uploads/" + file.getOriginalFilename()));',
        php: "move_uploaded_file(\$_FILES['photo']['tmp_name'], 'uploads/' . basename(\$_FILES['photo']['name']));",
      },
      good: {
        javascript: "const upload = multer({ storage: multerS3({ s3, bucket: process.env.S3_BUCKET }) });",
        typescript: "await s3.send(new PutObjectCommand({ Bucket: process.env.S3_BUCKET, Key: name, Body: req.files.avatar.data }));",
        python: 's3.upload_fileobj(request.files["photo"], os.environ["S3_BUCKET"], key)',
        go: 'uploader.Upload(ctx, &s3.PutObjectInput{Bucket: aws.String(os.Getenv("S3_BUCKET")), Key: aws.String(name), Body: f})',
        ruby: 'class AvatarUploader < CarrierWave::Uploader::Base\n  storage :fog\nend',
        java: 's3.putObject(PutObjectRequest.builder().bucket(bucket).key(name).build(), RequestBody.fromInputStream(file.getInputStream(), file.getSize()));',
        php: "\$path = \$request->file('photo')->store('photos', 's3');",
      },
    },
  },
  anchors: (text) => Array.from(text.matchAll(ANCHOR), (m) => m.index),
  // What MAY_REPORT needs, in every case UPLOAD_WORD accepts (`Media`, `Avatar`...).
  triggers: ['multer', 'formidable', /\breq(?:uest)?\.files\b/, /[Uu][Pp][Ll][Oo][Aa][Dd]/, /\b[Mm][Ee][Dd][Ii][Aa]\b/, /[Mm][Ee][Dd][Ii][Aa]_?[Rr][Oo][Oo][Tt]/,
    /[Aa][Vv][Aa][Tt][Aa][Rr]/, /[Aa][Tt][Tt][Aa][Cc][Hh][Mm][Ee][Nn][Tt]/, /[Uu][Ss][Ee][Rr][-_]?[Ff][Ii][Ll][Ee][Ss]/, 'FileSystemStorage', 'FileStorage', 'request.FILES',
    'SaveFile', 'storage', 'Shrine::Storage::FileSystem', 'active_storage', 'MultipartFile', '$request->', '->file(', 'files->get(', '->getData()', '$_FILES', 'Storage::disk'],
  queries: {
    javascript: `
      (call_expression function: (identifier) @f (#match? @f "^(multer|formidable|writeFile|writeFileSync|createWriteStream|rename|renameSync|copyFile|copyFileSync|move|moveSync|outputFile|outputFileSync)$")) @call
      (call_expression function: (member_expression property: (property_identifier) @m) (#match? @m "^(diskStorage|mv|writeFile|writeFileSync|createWriteStream|rename|renameSync|copyFile|copyFileSync|move|moveSync|outputFile|outputFileSync|IncomingForm|formidable)$")) @call
      (new_expression constructor: [(identifier) (member_expression)] @c (#match? @c "(IncomingForm|Formidable)$")) @call`,
    python: `
      (call function: (attribute attribute: (identifier) @m) (#match? @m "^(save|write_bytes|write_text|copyfile|copy|copy2|move|open|FileSystemStorage)$")) @call
      (call function: (identifier) @f (#match? @f "^(open|FileSystemStorage)$")) @call`,
    go: '(call_expression function: (selector_expression field: (field_identifier) @m (#match? @m "^(SaveUploadedFile|SaveFile|Create|OpenFile|WriteFile)$"))) @call',
    ruby: `
      (call method: (identifier) @m (#match? @m "^(storage|new|write|binwrite|cp|mv|copy|move|copy_file|install|copy_stream|open)$")) @call
      (assignment left: (call method: (identifier) @m (#match? @m "^(storage|service)$"))) @assign`,
    java: '(method_invocation name: (identifier) @m (#match? @m "^(transferTo|copy|write)$")) @call',
    php: `
      (function_call_expression function: (name) @f (#match? @f "^move_uploaded_file$")) @call
      (member_call_expression name: (name) @m (#match? @m "^(store|storeAs|storePublicly|storePubliclyAs|put|putFile|putFileAs|move)$")) @call`,
  },
  check(context) {
    const lang = context.language;
    const mayReport = MAY_REPORT[lang === 'typescript' ? 'javascript' : lang];
    // Regular expressions over the text: cheaper than the anchor scan and the queries around
    // the anchors even with the tree at hand. Not for Python once parsed: its test walks every
    // character of the text (logical lines), which costs about what the check does.
    if ((!context.treeParsed || lang !== 'python') && !precheck(() => !!mayReport?.(context.text))) return;
    const root = context.tree?.rootNode;
    if (!root) return;
    const multer = new Set<string>();
    const formidable = new Set<string>();
    const js = lang === 'javascript' || lang === 'typescript';
    if (js && /multer|formidable/.test(context.text)) {
      for (const i of findImports(root, lang)) {
        const target = i.module === 'multer' ? multer : i.module === 'formidable' ? formidable : undefined;
        if (!target) continue;
        const decl = i.node.parent?.type === 'variable_declarator' ? field(i.node.parent, 'name') : undefined;
        if (decl?.type === 'identifier') target.add(decl.text);
        const clause = i.kind === 'import' ? named(i.node).find((c) => c.type === 'import_clause') : undefined;
        for (const c of clause ? named(clause) : []) {
          if (c.type === 'identifier') target.add(c.text);
          if (c.type === 'named_imports') for (const s of named(c)) target.add((field(s, 'alias') ?? field(s, 'name'))?.text ?? '');
          if (c.type === 'namespace_import') target.add(named(c)[0]?.text ?? '');
        }
      }
    }
    const matches = context.matches();
    // multer or formidable imported under another name: their calls too.
    const aliases = [...multer, ...formidable].filter((n) => n !== 'multer' && n !== 'formidable');
    if (aliases.length) {
      matches.push(...context.query('(call_expression function: (identifier) @f) @call', context.tree?.rootNode)
        .filter((m) => aliases.includes(m.captures.find((c) => c.name === 'f')?.node.text ?? '')));
    }
    for (const m of matches) {
      const assign = m.captures.find((c) => c.name === 'assign')?.node;
      if (assign) {
        checkRubyAssignment(context, assign);
        continue;
      }
      // Bare calls matter only when they call multer or formidable (or fs functions imported by name).
      const bare = js ? m.captures.find((c) => c.name === 'f')?.node.text : undefined;
      if (bare !== undefined && !multer.has(bare) && !formidable.has(bare) && !JS_WRITES.has(bare)) continue;
      const node = m.captures.find((c) => c.name === 'call')?.node;
      const info = node ? callInfo(node, lang) : undefined;
      if (!info) continue;
      switch (lang) {
        case 'javascript': case 'typescript': checkJs(context, info, multer, formidable); break;
        case 'python': checkPython(context, info); break;
        case 'go': checkGo(context, info); break;
        case 'ruby': checkRuby(context, info); break;
        case 'java': checkJava(context, info); break;
        case 'php': checkPhp(context, info); break;
      }
    }
  },
});
