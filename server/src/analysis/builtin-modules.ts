/**
 * Modules every runtime ships, so importing them needs no declared dependency: Node's
 * built-in modules, Python's standard library (3.8 to 3.13, removed modules included, so an
 * older app is not flagged), Ruby's standard library with its default and bundled gems.
 */

/** Node built-ins (bare names; `node:` imports are built-ins whatever follows). */
export const NODE_BUILTINS: ReadonlySet<string> = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os',
  'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys',
  'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);

/** Python standard library top-level modules, 3.8 through 3.13. */
export const PYTHON_STDLIB: ReadonlySet<string> = new Set(`
__future__ __main__ _thread _io _collections_abc abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit
audioop base64 bdb binascii binhex bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop
collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses
dataclasses datetime dbm decimal difflib dis distutils doctest dummy_threading email encodings ensurepip enum errno
faulthandler fcntl filecmp fileinput fnmatch formatter fractions ftplib functools gc genericpath getopt getpass gettext
glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools
json keyword lib2to3 linecache locale logging lzma macpath mailbox mailcap marshal math mimetypes mmap modulefinder
msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev
parser pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty
pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched
secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3
sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symbol symtable sys
sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize
tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings
wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
`.trim().split(/\s+/));

/** Ruby standard library, default gems and bundled gems (2.7 to 3.4), by the first segment of the require path. */
export const RUBY_STDLIB: ReadonlySet<string> = new Set(`
abbrev base64 benchmark bigdecimal bundler cgi continuation coverage csv date debug delegate did_you_mean digest drb
English english enumerator erb error_highlight etc expect fcntl fiber fiddle fileutils find forwardable getoptlong io
ipaddr irb json kconv logger matrix minitest mkmf monitor mutex_m nkf objspace observer open-uri open3 openssl optparse
ostruct pathname power_assert pp prettyprint prime pstore psych pty racc rake rational rbconfig rbs rdoc readline reline
resolv rinda ripper rss rubygems securerandom set shellwords singleton socket stringio strscan syslog tempfile test
thread time timeout tmpdir tsort typeprof un unicode_normalize uri weakref webrick win32ole yaml zlib complex
`.trim().split(/\s+/));

/** `net/*` libraries that ship with Ruby (others, such as `net/ssh`, are gems). */
export const RUBY_NET_STDLIB: ReadonlySet<string> = new Set(['net/http', 'net/https', 'net/ftp', 'net/smtp', 'net/pop', 'net/imap', 'net/protocol']);
