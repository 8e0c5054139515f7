/**
 * What in a page Skydeck's Content-Security-Policy (src/http/security-headers.ts)
 * would block: inline script or style, event-handler attributes, javascript:
 * URLs, plugins and frames, and resources or form targets from elsewhere.
 * An empty list means the browser runs the page as written.
 */
export function cspViolations(page: string, ownOrigin: string): string[] {
  const problems: string[] = [];
  const flag = (pattern: RegExp, what: string) => {
    for (const match of page.matchAll(pattern)) problems.push(`${what}: ${match[0].slice(0, 80)}`);
  };
  flag(/<script\b(?![^>]*\bsrc=)[^>]*>/gi, 'inline script');
  flag(/<style\b/gi, 'inline <style>');
  flag(/\sstyle\s*=/gi, 'style attribute');
  flag(/\son[a-z]+\s*=/gi, 'event-handler attribute');
  flag(/javascript:/gi, 'javascript: URL');
  flag(/<(object|embed|iframe|frame|base)\b/gi, 'blocked element');

  const sameOrigin = (url: string) => url.startsWith('/') || url.startsWith(`${ownOrigin}/`);
  for (const [, url] of page.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/gi)) {
    if (!sameOrigin(url!)) problems.push(`script from elsewhere: ${url}`);
  }
  for (const [, url] of page.matchAll(/<link\b[^>]*\bhref="([^"]*)"/gi)) {
    if (!sameOrigin(url!)) problems.push(`stylesheet from elsewhere: ${url}`);
  }
  for (const [, url] of page.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/gi)) {
    if (!sameOrigin(url!) && !url!.startsWith('https:') && !url!.startsWith('data:')) {
      problems.push(`image not allowed: ${url}`);
    }
  }
  for (const [, url] of page.matchAll(/<form\b[^>]*\baction="([^"]*)"/gi)) {
    if (!sameOrigin(url!)) problems.push(`form posting elsewhere: ${url}`);
  }
  return problems;
}
