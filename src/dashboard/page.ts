/** The signed-in user's page: who they are, and the way out. */
import type { User } from '../auth/users.js';
import { type Html, html } from '../web/html.js';
import { page } from '../web/layout.js';

export function dashboardPage(user: User): Html {
  return page({
    title: 'Dashboard',
    user,
    body: html`<h1>Welcome, ${user.name || user.login}</h1>
<section class="card profile">
  ${user.avatar_url && html`<img src="${user.avatar_url}" alt="" width="64" height="64">`}
  <p>Signed in with GitHub as <strong>${user.login}</strong>${user.location && html` · ${user.location}`}</p>
  <form method="post" action="/logout"><button type="submit" class="secondary">Sign out</button></form>
</section>`,
  });
}
