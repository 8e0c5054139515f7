/** The demo GitHub's pages: the consent page, and what it says to a request GitHub would refuse. */
import { type Html, html } from '../web/html.ts';
import { page } from '../web/layout.ts';

export interface AuthorizeView {
  /** The app's callback: the form goes there, as GitHub's redirect would. */
  redirectUri: string;
  state: string;
  code: string;
  login: string;
}

/** A GET form, so "Continue" lands on the callback with `?code=…&state=…`, no JavaScript needed. */
export function demoAuthorizePage({ redirectUri, state, code, login }: AuthorizeView): Html {
  const cancel = `${redirectUri}?${new URLSearchParams({ error: 'access_denied', state })}`;
  return page({
    title: 'Sign in to GitHub (demo)',
    user: null,
    body: html`<section class="card">
  <h1>Demo GitHub</h1>
  <p>This stands in for GitHub while Skydeck runs without OAuth credentials.</p>
  <p>Skydeck would like to read your public profile.</p>
  <form method="get" action="${redirectUri}">
    <input type="hidden" name="code" value="${code}">
    <input type="hidden" name="state" value="${state}">
    <button type="submit">Continue as demo user</button>
  </form>
  <p class="muted">You will be signed in as <strong>${login}</strong>. <a href="${cancel}">Cancel</a></p>
</section>`,
  });
}

export function demoRefusalPage(problem: string): Html {
  return page({
    title: 'Demo GitHub',
    user: null,
    body: html`<section class="card">
  <h1>Demo GitHub refused this sign-in</h1>
  <p class="error">${problem}</p>
  <p><a href="/login">Start again</a></p>
</section>`,
  });
}
