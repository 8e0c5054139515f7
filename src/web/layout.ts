/**
 * The page shell every HTML page shares: head, a header with the signed-in
 * user and a sign-out button, the main content. No inline script or style,
 * so the Content-Security-Policy can forbid both.
 */
import { type Html, html } from './html.ts';

/**
 * What a page needs of the signed-in person: their name for the header. Any
 * user record fits; web/ defines its own shape so it depends on no feature.
 */
export interface Viewer {
  login: string;
}

export interface PageOptions {
  title: string;
  /** The signed-in person, or null: decides what the header offers. */
  user: Viewer | null;
  body: Html;
}

export function page({ title, user, body }: PageOptions): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Skydeck</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="site">
  <a class="brand" href="/">Skydeck</a>
  <nav>${user ? signedIn(user) : html`<a href="/login">Sign in</a>`}</nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function signedIn(user: Viewer): Html {
  return html`<a href="/dashboard">${user.login}</a>
  <form method="post" action="/logout" class="inline"><button type="submit">Sign out</button></form>`;
}
