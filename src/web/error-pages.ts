/**
 * The friendly pages a browser sees instead of JSON when something goes wrong.
 * They say what happened in plain words and offer a way on; a 5xx never shows
 * the error itself (that goes to the log).
 */
import { type Html, html } from './html.ts';
import { page, type Viewer } from './layout.ts';

export function notFoundPage(path: string, user: Viewer | null): Html {
  return page({
    title: 'Page not found',
    user,
    body: html`<section class="card">
  <h1>Page not found</h1>
  <p>There is no page at <code>${path}</code>.</p>
  <p><a href="/">Go to the home page</a></p>
</section>`,
  });
}

/** 4xx: the message explains what was wrong with the request, so it is shown. */
export function clientErrorPage(status: number, message: string, user: Viewer | null): Html {
  return page({
    title: 'Bad request',
    user,
    body: html`<section class="card">
  <h1>That request didn't work</h1>
  <p class="error">${message}</p>
  <p class="muted">Error ${status}. <a href="/">Go to the home page</a></p>
</section>`,
  });
}

/** 429: the client asked too often; says when to come back. */
export function tooManyRequestsPage(retryAfterSeconds: number, user: Viewer | null): Html {
  return page({
    title: 'Too many requests',
    user,
    body: html`<section class="card">
  <h1>Slow down a little</h1>
  <p>Skydeck has had a lot of requests from your address in the last minute.</p>
  <p>Please try again in ${retryAfterSeconds} seconds.</p>
  <p class="muted">Error 429. <a href="/">Go to the home page</a></p>
</section>`,
  });
}

/** 5xx: nothing from the error itself, only an apology and a way back. */
export function serverErrorPage(status: number, user: Viewer | null): Html {
  return page({
    title: 'Something went wrong',
    user,
    body: html`<section class="card">
  <h1>Something went wrong</h1>
  <p>Sorry — Skydeck hit a problem on its side. Please try again in a moment.</p>
  <p class="muted">Error ${status}. <a href="/">Go to the home page</a></p>
</section>`,
  });
}
