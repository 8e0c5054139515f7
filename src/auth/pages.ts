/** The sign-in pages: the login page, and what a browser sees when a sign-in or a form is refused. */
import { type Html, html } from '../web/html.ts';
import { page } from '../web/layout.ts';
import type { User } from './users.ts';

export function loginPage({ demo }: { demo: boolean }): Html {
  return page({
    title: 'Sign in',
    user: null,
    body: html`<section class="card">
  <h1>Sign in</h1>
  <p>Skydeck uses your GitHub account to know who you are. It reads your public profile and nothing else.</p>
  <p><a class="button" href="/oauth/login">Sign in with GitHub</a></p>
  ${demo && html`<p class="muted">Demo mode: a built-in stand-in for GitHub signs you in as a demo user.</p>`}
</section>`,
  });
}

/** A failed callback: what went wrong in plain words, and a way to try again. */
export function signInFailedPage(message: string): Html {
  return page({
    title: 'Sign-in failed',
    user: null,
    body: html`<section class="card">
  <h1>Sign-in didn't work</h1>
  <p class="error">${message}</p>
  <p>Nothing was saved. <a class="button" href="/login">Try again</a></p>
</section>`,
  });
}

/** GET /logout signs nobody out (a link or a prefetch must not); it offers the button that does. */
export function signOutPage(user: User | null): Html {
  return page({
    title: 'Sign out',
    user,
    body: html`<section class="card">
  <h1>Sign out</h1>
  ${
    user
      ? html`<form method="post" action="/logout"><button type="submit">Sign out of Skydeck</button></form>`
      : html`<p>You are not signed in. <a href="/login">Sign in</a></p>`
  }
</section>`,
  });
}

export function crossSiteRefusedPage(user: User | null): Html {
  return page({
    title: 'Request refused',
    user,
    body: html`<section class="card">
  <h1>Request refused</h1>
  <p class="error">This form was sent from another site, so Skydeck did not act on it.</p>
  <p><a href="/">Go to the home page</a></p>
</section>`,
  });
}
