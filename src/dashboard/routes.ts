/**
 * The dashboard, for the signed-in user only (signed out: 302 to /login).
 *   GET  /dashboard[?month=YYYY-MM]        the seed's JSON for API clients (month ignored); for browsers,
 *                                          the page: saved cities, their weather, a month's chart
 *                                          (a month it cannot show: the current one, with a note)
 *   POST /dashboard/cities  (form: name)   save a city          → 303 /dashboard, with a message
 *   POST /dashboard/cities/:id/delete      remove a saved city  → 303 /dashboard, with a message
 * The form routes are the browser's way to the saved-cities API: same rules, answers as pages.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { requireUser, signedInUser } from '../auth/require-user.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { User } from '../auth/users.ts';
import type { CityRepository } from '../cities/repository.ts';
import { CityParams } from '../cities/schemas.ts';
import { type AddCityOutcome, type CityService, MAX_CITIES_PER_USER } from '../cities/service.ts';
import { HIDDEN, SIGNED_IN } from '../http/api-docs.ts';
import { unitsOf } from '../preferences/units.ts';
import type { SnapshotRepository } from '../snapshots/repository.ts';
import { snapshotSchedule } from '../snapshots/scheduler.ts';
import type { WeatherService } from '../weather/service.ts';
import { wantsHtml } from '../web/negotiation.ts';
import { sendPage } from '../web/reply.ts';
import { loadCityViews } from './cities.ts';
import { type Flash, setFlash, takeFlash } from './flash.ts';
import { dashboardMonth } from './month.ts';
import { dashboardPage } from './page.ts';

export interface DashboardRoutesOptions {
  cities: CityRepository;
  cityRules: CityService;
  snapshots: SnapshotRepository;
  sessions: SessionStore;
  weather: WeatherService;
  /** SNAPSHOT_CRON: the cards say when the next snapshot is due. */
  snapshotCron: string;
}

const AddCityForm = Type.Object({ name: Type.Optional(Type.String()) });

/** What API clients get from GET /dashboard: the seed's answer. */
const DashboardBody = Type.Object({
  user_id: Type.Integer(),
  username: Type.String({ description: 'the GitHub login' }),
  message: Type.Literal('welcome to your dashboard'),
});

const dashboardSchema = {
  summary: 'Who is signed in (for browsers, the dashboard page)',
  description: 'Answers by `Accept`: `text/html` gets the page; anything else gets the JSON.',
  tags: ['account'],
  security: SIGNED_IN,
  response: {
    200: {
      description: 'the signed-in user',
      content: {
        'application/json': { schema: DashboardBody },
        'text/html': { schema: Type.String({ description: 'the dashboard page' }) },
      },
    },
    302: Type.Null({ description: 'signed out: to /login (API clients too, as the seed did)' }),
  },
};

export const dashboardRoutes: FastifyPluginAsyncTypebox<DashboardRoutesOptions> = async (app, options) => {
  const { cities, cityRules, snapshots, sessions, weather } = options;
  const schedule = snapshotSchedule(options.snapshotCron);

  // JSON or a page by Accept: a cache must keep the two apart (the redirect when signed out too).
  const varyByAccept = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Accept');
  };

  // No querystring schema: `month` is read by dashboardMonth, which turns any value into a page, never a 400.
  app.get(
    '/dashboard',
    { onRequest: varyByAccept, preHandler: requireUser, schema: dashboardSchema },
    async (request, reply) => {
      const user = signedInUser(request);
      if (!wantsHtml(request)) return welcome(user);
      const now = new Date();
      const months = dashboardMonth((request.query as { month?: unknown }).month, now);
      const views = await loadCityViews({ cities, snapshots, weather }, user.id, months.month, request.log);
      const flash = await takeFlash(request, sessions);
      return sendPage(
        reply,
        dashboardPage(user, {
          cities: views,
          months,
          units: unitsOf(request),
          flash,
          nextSnapshot: schedule.nextRunAfter(now),
          now,
        }),
      );
    },
  );

  app.post(
    '/dashboard/cities',
    { preHandler: requireUser, schema: { ...HIDDEN, body: AddCityForm } },
    async (request, reply) => {
      // Echoed back into the form on a refusal, via the session: a page's worth, not the whole body.
      const typed = (request.body.name ?? '').trim().slice(0, ECHO_MAX_LENGTH);
      const outcome = await cityRules.add(signedInUser(request).id, request.body.name);
      if (!outcome.ok && outcome.reason) request.log.warn({ reason: outcome.reason }, 'city check failed');
      await setFlash(request, sessions, addedMessage(outcome, typed));
      return reply.redirect('/dashboard', 303);
    },
  );

  app.post(
    '/dashboard/cities/:id/delete',
    { preHandler: requireUser, schema: { ...HIDDEN, params: CityParams } },
    async (request, reply) => {
      const userId = signedInUser(request).id;
      const city = await cities.findForUser(userId, request.params.id);
      const removed = city !== undefined && (await cities.remove(userId, city.id));
      await setFlash(
        request,
        sessions,
        removed
          ? { kind: 'success', text: `Removed ${city.name}.` }
          : { kind: 'error', text: 'That city is not on your dashboard (already removed?).' },
      );
      return reply.redirect('/dashboard', 303);
    },
  );
};

const ECHO_MAX_LENGTH = 200;

function welcome(user: User): Static<typeof DashboardBody> {
  // Stryker disable next-line StringLiteral: DashboardBody declares the message a literal, and the serializer writes the literal whatever the value
  return { user_id: user.id, username: user.login, message: 'welcome to your dashboard' };
}

/** What the person sees after adding: the city, or why not in plain words. */
function addedMessage(outcome: AddCityOutcome, typed: string): Flash {
  if (outcome.ok) {
    const { name, country } = outcome.city;
    return { kind: 'success', text: `Added ${country ? `${name}, ${country}` : name}.` };
  }
  const refusal = (text: string): Flash => ({ kind: 'error', text, name: typed });
  switch (outcome.problem) {
    case 'invalid':
      return refusal(`${outcome.error.charAt(0).toUpperCase()}${outcome.error.slice(1)}.`);
    case 'duplicate':
      return refusal(`“${typed}” is already on your dashboard.`);
    case 'limit':
      return refusal(`You can save at most ${MAX_CITIES_PER_USER} cities. Remove one to add another.`);
    case 'not_found':
      return refusal(`We couldn't find “${typed}”. Check the spelling, or try a nearby larger city.`);
    case 'unavailable':
      return refusal(
        `The weather service is unavailable right now, so “${typed}” couldn't be checked. Please try again in a few minutes.`,
      );
  }
}
