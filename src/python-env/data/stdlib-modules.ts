// Top-level standard-library module names of CPython 3.8-3.14, as data.
//
// Provenance:
// - 3.11: `sys.stdlib_module_names` of CPython 3.11.7 (the interpreter on the build machine), verbatim.
// - Other versions: deltas from typeshed's `stdlib/VERSIONS` (the copy pyright ships, typeshed commit
//   289e5d35; it gives first/last version per public module), CPython's
//   `Python/stdlib_module_names.h` on its main branch during 3.14 development, and the "Removed" /
//   "New modules" sections of What's New in Python 3.8-3.14 (PEP 594 removals in 3.13, distutils
//   and asyncore/asynchat/imp/smtpd in 3.12, binhex in 3.11, formatter/parser/symbol in 3.10,
//   dummy_threading in 3.9). Private C accelerator modules (`_sha2`, `_pyrepl`, ...) come from the
//   same header; their first version is the release that introduced them.
// - `__future__` is included (it is a real module); `__main__` is handled by the caller.
// test/python-env/stdlib.test.ts checks this table against `sys.stdlib_module_names` of any local
// python3 and against typeshed's VERSIONS file.

/** Oldest and newest minor version of Python 3 this table describes. */
export const FIRST_MINOR = 8;
export const LAST_MINOR = 14;

/** Modules present in every version from 3.8 to 3.14 (whitespace-separated). */
export const STDLIB_EVERY_VERSION: readonly string[] = `
__future__ _abc _ast _asyncio _bisect _blake2 _bz2 _codecs _codecs_cn _codecs_hk
_codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc _compat_pickle
_contextvars _csv _ctypes _curses _curses_panel _datetime _dbm _decimal _elementtree
_frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json
_locale _lsprof _lzma _markupbase _md5 _multibytecodec _multiprocessing _opcode _operator
_osx_support _overlapped _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue
_random _scproxy _sha1 _sha3 _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics
_string _strptime _struct _symtable _thread _threading_local _tkinter _tracemalloc _uuid
_warnings _weakref _weakrefset _winapi abc antigravity argparse array ast asyncio atexit base64
bdb binascii bisect builtins bz2 cProfile calendar cmath cmd code codecs codeop collections
colorsys compileall concurrent configparser contextlib contextvars copy copyreg csv ctypes
curses dataclasses datetime dbm decimal difflib dis doctest email encodings ensurepip enum
errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath
getopt getpass gettext glob grp gzip hashlib heapq hmac html http idlelib imaplib importlib
inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox marshal math
mimetypes mmap modulefinder msvcrt multiprocessing netrc nt ntpath nturl2path numbers opcode
operator optparse os pathlib pdb pickle pickletools pkgutil platform plistlib poplib posix
posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri
random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve
shlex shutil signal site smtplib socket socketserver sqlite3 sre_compile sre_constants
sre_parse ssl stat statistics string stringprep struct subprocess symtable sys sysconfig syslog
tabnanny tarfile tempfile termios textwrap this threading time timeit tkinter token tokenize
trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uuid
venv warnings wave weakref webbrowser winreg winsound wsgiref xml xmlrpc zipapp zipfile
zipimport zlib
`
  .trim()
  .split(/\s+/);

/**
 * Modules present only in some versions: [first minor, last minor], both inclusive, clamped to
 * the table's range (8 means "3.8 or earlier", 14 means "still present in 3.14").
 */
export const STDLIB_SOME_VERSIONS: Readonly<Record<string, readonly [number, number]>> = {
  // Removed by PEP 594 in 3.13 (and their C helpers).
  _crypt: [8, 12],
  _msi: [8, 12],
  aifc: [8, 12],
  audioop: [8, 12],
  cgi: [8, 12],
  cgitb: [8, 12],
  chunk: [8, 12],
  crypt: [8, 12],
  imghdr: [8, 12],
  lib2to3: [8, 12],
  mailcap: [8, 12],
  msilib: [8, 12],
  nis: [8, 12],
  nntplib: [8, 12],
  ossaudiodev: [8, 12],
  pipes: [8, 12],
  sndhdr: [8, 12],
  spwd: [8, 12],
  sunau: [8, 12],
  telnetlib: [8, 12],
  uu: [8, 12],
  xdrlib: [8, 12],
  // Removed in 3.12.
  _bootsubprocess: [8, 11],
  _sha256: [8, 11],
  _sha512: [8, 11],
  asynchat: [8, 11],
  asyncore: [8, 11],
  distutils: [8, 11],
  imp: [8, 11],
  smtpd: [8, 11],
  // Removed earlier.
  binhex: [8, 10],
  _bootlocale: [8, 9],
  formatter: [8, 9],
  parser: [8, 9],
  symbol: [8, 9],
  _peg_parser: [9, 9],
  _dummy_thread: [8, 8],
  dummy_threading: [8, 8],
  // Moved into the `compression` package in 3.14.
  _compression: [8, 13],
  // Added.
  _aix_support: [9, 14],
  _zoneinfo: [9, 14],
  graphlib: [9, 14],
  zoneinfo: [9, 14],
  _typing: [10, 14],
  _tokenize: [11, 14],
  tomllib: [11, 14],
  _pydatetime: [12, 14],
  _pylong: [12, 14],
  _sha2: [12, 14],
  _wmi: [12, 14],
  _android_support: [13, 14],
  _colorize: [13, 14],
  _interpchannels: [13, 14],
  _interpqueues: [13, 14],
  _interpreters: [13, 14],
  _ios_support: [13, 14],
  _opcode_metadata: [13, 14],
  _pyrepl: [13, 14],
  _suggestions: [13, 14],
  _sysconfig: [13, 14],
  _apple_support: [14, 14],
  _hmac: [14, 14],
  _remote_debugging: [14, 14],
  _zstd: [14, 14],
  annotationlib: [14, 14],
  compression: [14, 14],
};
