// Where a Python string literal sits decides whether it is a location the code depends on.
// A path in a docstring, a log message, a regex, a route, a string-method argument or a
// comparison is text about paths, not a path the program opens.
import type { Node } from 'web-tree-sitter';
import { isStringNode } from './python-strings.js';

export type LiteralRole =
  /** A value the program may use as a location: classify it. */
  | { role: 'path'; name?: string }
  /** A shell command line (os.system, subprocess): classify each word. */
  | { role: 'shell' }
  /** The fallback of an environment lookup: the code already reads the location from the environment. */
  | { role: 'env-default' }
  /** Not a location; `reason` says why, for tests and debugging. */
  | { role: 'exempt'; reason: string };

const STRING_METHODS = new Set([
  'replace',
  'startswith',
  'endswith',
  'removeprefix',
  'removesuffix',
  'strip',
  'lstrip',
  'rstrip',
  'split',
  'rsplit',
  'partition',
  'rpartition',
  'find',
  'rfind',
  'index',
  'rindex',
  'count',
  'translate',
]);
const REGEX_FUNCTIONS = new Set([
  'compile',
  'match',
  'search',
  'fullmatch',
  'findall',
  'finditer',
  'sub',
  'subn',
  'split',
  'escape',
]);
const MESSAGE_FUNCTIONS = new Set([
  'print',
  'pprint',
  'display',
  'echo',
  'secho',
  'warn',
  'Markdown',
  'HTML',
  'markdown',
  'gettext',
]);
// sys.stdout.write is printing; other write() calls (ZipFile.write, a config being written) are not.
const STREAM_WRITE = /^(sys\.)?(stdout|stderr)\.write(lines)?$/;
const LOG_METHODS = new Set([
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'exception',
  'critical',
  'fatal',
  'log',
]);
const MESSAGE_KEYWORDS = new Set([
  'help',
  'description',
  'epilog',
  'usage',
  'msg',
  'message',
  'doc',
  'title',
  'label',
  'prompt',
  'placeholder',
  'caption',
  'comment',
]);
const ROUTE_FUNCTIONS = new Set([
  'get',
  'post',
  'put',
  'delete',
  'patch',
  'head',
  'options',
  'route',
  'websocket',
  'api_route',
  'add_url_rule',
  'add_api_route',
  'add_route',
  'urljoin',
  'urlopen',
  'Request',
]);
// Objects whose get/post/... take a URL or a route: web apps, routers, HTTP clients.
const HTTP_RECEIVERS =
  /(^|[._])(app|application|router|api|blueprint|bp|client|test_client|requests|httpx|session|http|aiohttp|web|flask|fastapi|server|urllib|request|ns)$/i;
const URL_FUNCTIONS = new Set([
  'url_for',
  'redirect',
  'RedirectResponse',
  'urljoin',
  'urlopen',
  'Request',
]);
const ROUTE_KEYWORDS = new Set([
  'url',
  'prefix',
  'root_path',
  'docs_url',
  'redoc_url',
  'openapi_url',
  'endpoint',
  'base_url',
  'route',
]);
const MOUNT_FUNCTIONS = new Set(['mount', 'unmount', 'flush_and_unmount']);
// `os.path.exists("/content/drive")`: asking which platform this is, not reading a location.
const PROBE_FUNCTIONS = new Set(['exists', 'isdir', 'lexists', 'is_dir', 'ismount']);
const PLATFORM_ROOT =
  /^\/(content(\/g?drive)?|dbfs|kaggle(\/(input|working))?|Workspace|Volumes|databricks)\/?$/;
const SHELL_CALLS =
  /^(os\.(system|popen)|subprocess\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|(.*\.)?(system|getoutput)|shlex\.split|run_line_magic)$/;
const ENV_LOOKUPS = /^(os\.)?(getenv|environ\.get|environ\.setdefault)$/;

// Wrappers a value passes through unchanged on its way to a call or an assignment.
const TRANSPARENT = new Set([
  'parenthesized_expression',
  'list',
  'tuple',
  'set',
  'expression_list',
  'conditional_expression',
  'list_splat',
  'await',
  'pattern_list',
]);

/** The role of a string literal (or of a whole path expression such as `Path("/x") / "y"`). */
export function literalRole(node: Node, value = ''): LiteralRole {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'expression_statement' && parent.namedChildCount === 1) {
      return { role: 'exempt', reason: 'docstring or bare string statement' };
    }
    if (type === 'decorator') {
      return { role: 'exempt', reason: 'decorator argument (route or test parameter)' };
    }
    if (type === 'comparison_operator') return { role: 'exempt', reason: 'compared, not opened' };
    if (type === 'binary_operator') {
      const operator = parent.childForFieldName('operator')?.type;
      const left = parent.childForFieldName('left');
      const right = parent.childForFieldName('right');
      if (
        (operator === '+' || operator === '/') &&
        sameNode(right, child) &&
        left &&
        !isStringNode(left)
      ) {
        return { role: 'exempt', reason: 'fragment appended to a computed path' };
      }
      continue;
    }
    if (type === 'pair') {
      if (sameNode(parent.childForFieldName('key'), child)) {
        return { role: 'exempt', reason: 'dictionary key' };
      }
      continue;
    }
    if (type === 'attribute') {
      // "/home/{}".format(user) and friends: the call's result carries the literal on.
      const call = parent.parent;
      if (sameNode(parent.childForFieldName('object'), child) && call?.type === 'call') {
        // Resume from the call itself: the loop's step moves on to what receives its result.
        child = parent;
        parent = call;
        continue;
      }
      return { role: 'path' };
    }
    if (TRANSPARENT.has(type) || type === 'dictionary' || type === 'subscript') continue;
    if (type === 'boolean_operator') {
      // os.getenv("DATA") or "/home/me/data": the literal is the environment lookup's fallback.
      const left = parent.childForFieldName('left');
      if (!sameNode(left, child) && left?.type === 'call' && isEnvLookup(left)) {
        return { role: 'env-default' };
      }
      continue;
    }
    if (type === 'keyword_argument') {
      const name = parent.childForFieldName('name')?.text ?? '';
      const call = parent.parent?.parent;
      return call?.type === 'call'
        ? callRole(call, { keyword: name }, value)
        : { role: 'path', name };
    }
    if (type === 'argument_list') {
      const call = parent.parent;
      if (call?.type !== 'call') return { role: 'path' };
      const position = parent.namedChildren.findIndex((arg) => sameNode(arg, child));
      return callRole(call, { position }, value);
    }
    if (type === 'assignment' || type === 'augmented_assignment') {
      return { role: 'path', name: parent.childForFieldName('left')?.text };
    }
    if (type === 'default_parameter' || type === 'typed_default_parameter') {
      return { role: 'path', name: parent.childForFieldName('name')?.text };
    }
    return { role: 'path' };
  }
  return { role: 'path' };
}

function callRole(
  call: Node,
  where: { position?: number; keyword?: string },
  value: string,
): LiteralRole {
  const callee = call.childForFieldName('function');
  const dotted = callee ? dottedName(callee) : '';
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  const isMethod = callee?.type === 'attribute';
  const receiver = isMethod ? dotted.slice(0, dotted.lastIndexOf('.')) : '';
  const keyword = where.keyword;
  if (call.parent?.type === 'decorator')
    return exempt('decorator argument (route or test parameter)');
  if (keyword && MESSAGE_KEYWORDS.has(keyword)) return exempt('help or message text');
  if (keyword && ROUTE_KEYWORDS.has(keyword)) return exempt('URL or route');
  if (isMethod && STRING_METHODS.has(last) && !/^(re|regex)$/.test(receiver)) {
    return exempt(`argument of str.${last}()`);
  }
  if (/^(re|regex)$/.test(receiver) && REGEX_FUNCTIONS.has(last)) return exempt('regex pattern');
  const logged = isMethod && LOG_METHODS.has(last) && /log/i.test(receiver);
  if (MESSAGE_FUNCTIONS.has(last) || logged || STREAM_WRITE.test(dotted)) {
    return exempt('printed or logged message');
  }
  if (/(Error|Exception|Warning)$/.test(last)) return exempt('exception message');
  if (MOUNT_FUNCTIONS.has(last)) return exempt('mount point of a mount call');
  if (PROBE_FUNCTIONS.has(last) && PLATFORM_ROOT.test(value)) return exempt('platform detection');
  if (ENV_LOOKUPS.test(dotted)) {
    return where.position === 0 ? exempt('environment variable name') : { role: 'env-default' };
  }
  const httpCall = isMethod
    ? ROUTE_FUNCTIONS.has(last) && HTTP_RECEIVERS.test(receiver)
    : URL_FUNCTIONS.has(last);
  if (httpCall && where.position === 0) return exempt('URL or route');
  if (SHELL_CALLS.test(dotted)) return { role: 'shell' };
  return { role: 'path', name: keyword ?? last };
}

function isEnvLookup(call: Node): boolean {
  const callee = call.childForFieldName('function');
  return !!callee && ENV_LOOKUPS.test(dottedName(callee));
}

function exempt(reason: string): LiteralRole {
  return { role: 'exempt', reason };
}

/** `os.path.join` for an attribute chain, `get_ipython().system` through calls; '' when not a name. */
export function dottedName(node: Node): string {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute')?.text ?? '';
    const head = object ? dottedName(object) : '';
    return head ? `${head}.${attribute}` : attribute;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn ? `${dottedName(fn)}()` : '';
  }
  return '';
}

function sameNode(a: Node | null | undefined, b: Node): boolean {
  return !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}
