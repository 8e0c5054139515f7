/**
 * Where a form may send the browser back to: a path on this site, never
 * another host. "//evil.example", "/\evil.example" and "https://evil.example"
 * all read as other hosts to a browser, so anything but a plain same-site path
 * becomes the fallback (an open redirect would let a link bounce people
 * through Skydeck to a look-alike site).
 */

/** Longer than any page of Skydeck's needs; a longer value is not one of ours. */
const MAX_RETURN_LENGTH = 2048;
const PARSE_BASE = 'http://skydeck.invalid';

export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > MAX_RETURN_LENGTH) return fallback;
  // Only "/x": not "//host", no backslash anywhere (browsers read "/\host" as "//host"), no control characters.
  if (!value.startsWith('/') || value.startsWith('//') || /[\p{Cc}\\]/u.test(value)) return fallback;
  // Parsed and put back together so the Location header is plain ASCII ("/café" → "/caf%C3%A9").
  const url = new URL(value, PARSE_BASE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can make "//host" of what was a path: "/.//evil.example" resolves to "//evil.example".
  return path.startsWith('//') ? fallback : path;
}
