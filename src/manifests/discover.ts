// Which files are manifests, and of what kind, by path alone (content checks happen on read).
import { lockKind } from './locks.js';

export type ManifestKind =
  | 'requirements'
  | 'requirements-in'
  | 'pyproject'
  | 'pipfile'
  | 'setup.py'
  | 'setup.cfg'
  | 'yaml'
  | 'dockerfile'
  | 'shell'
  | 'shell-candidate'
  | 'notebook'
  | 'python'
  | 'workflow'
  | 'lock';

const REQUIREMENTS_TXT = /(^|[-_.])(requirements?|reqs|constraints)([-_.][^/]*)?\.(txt|pip|in)$/i;
const NOT_REQUIREMENTS_IN =
  /^(manifest|makefile|config|setup\.cfg|setup\.py|pkg-info|version|meson[^/]*|[^/]*\.(h|c|cfg|ini|py|xml|json|ya?ml|txt|cmake|am|html|conf|service|spec|sh))\.in$/i;

export function manifestKind(path: string): ManifestKind | undefined {
  // Files inside cookiecutter/Jinja template folders are templates, not manifests.
  if (/(^|\/)[^/]*(\{\{|\{%)[^/]*\//.test(path)) return undefined;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dir = slash >= 0 ? path.slice(0, slash) : '';
  const lower = name.toLowerCase();
  if (lockKind(name)) return 'lock';
  if (lower === 'pyproject.toml') return 'pyproject';
  if (name === 'Pipfile') return 'pipfile';
  if (lower === 'setup.py') return 'setup.py';
  if (lower === 'setup.cfg') return 'setup.cfg';
  if (/(^|\/)\.github\/workflows$/.test(dir) && /\.ya?ml$/i.test(name)) return 'workflow';
  if (/^action\.ya?ml$/i.test(name)) return 'workflow';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/^(docker|container)file([.-][^/]*)?$/i.test(name) || /\.(docker|container)file$/i.test(name))
    return 'dockerfile';
  if (/\.(sh|bash|ksh|zsh)$/i.test(name)) return 'shell';
  if (/\.ipynb$/i.test(name)) return 'notebook';
  if (/\.py$/i.test(name)) return 'python';
  if (
    REQUIREMENTS_TXT.test(name) ||
    (/(^|\/)requirements$/i.test(dir) && /\.(txt|pip|in)$/i.test(name))
  )
    return 'requirements';
  if (/\.in$/i.test(name) && !NOT_REQUIREMENTS_IN.test(name)) return 'requirements-in';
  // Scripts without an extension are shell scripts when their shebang says so.
  if (
    !name.includes('.') &&
    !/^(license|licence|copying|readme|authors|notice|changelog|makefile|procfile|owners|codeowners|gemfile|rakefile|vagrantfile|jenkinsfile|brewfile)$/i.test(
      name,
    )
  ) {
    return 'shell-candidate';
  }
  return undefined;
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

export function joinPath(dir: string, relative: string): string | undefined {
  if (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(relative) ||
    relative.startsWith('/') ||
    /^[A-Za-z]:[\\/]/.test(relative)
  )
    return undefined;
  const parts = dir ? dir.split('/') : [];
  for (const part of relative.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}
