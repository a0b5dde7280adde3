// Container image references: `[registry[:port]/]path[:tag][@algo:digest]`.

export interface ImageReference {
  /** Registry and path, without tag or digest (`python`, `mcr.microsoft.com/azureml/x`). */
  name: string;
  tag?: string;
  /** A well-formed content digest (`sha256:` and 64 hex digits, ...). */
  digest?: string;
  /** Text after `@` that is not a well-formed digest (`@sha256:v2`). */
  invalidDigest?: string;
}

// OCI digests: algorithm ':' hex; sha256 has 64 hex digits, sha512 has 128.
const DIGEST =
  /^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}|[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-f]{32,})$/;

export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const result: ImageReference = { name: rest };
  if (tag) result.tag = tag;
  if (digest !== undefined) {
    if (DIGEST.test(digest)) result.digest = digest;
    else result.invalidDigest = digest;
  }
  return result;
}
