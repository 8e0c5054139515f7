/**
 * Demo mode's GitHub, so sign-in runs offline through the same client code as
 * the real one: the browser's authorize page is a route under /demo/github;
 * the token and /user endpoints are a fetch function answering in-process
 * (like demo/weather-provider.ts).
 *
 * It keeps no state: the code the authorize page issues carries the PKCE
 * challenge and redirect URI it was issued for, so the token endpoint can check
 * the verifier the way GitHub does without remembering anything.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { HIDDEN } from '../http/api-docs.ts';
import type { Fetch } from '../http/upstream.ts';
import { sendPage } from '../web/reply.ts';
import {
  BAD_CREDENTIALS_BODY,
  BAD_VERIFICATION_CODE_BODY,
  DEMO_GITHUB_USER,
  githubTokenBody,
  githubUserBody,
} from './github-data.ts';
import { demoAuthorizePage, demoRefusalPage } from './github-pages.ts';

/** Where the fake GitHub lives, under PUBLIC_URL. */
export const DEMO_GITHUB_PATH = '/demo/github';
export const DEMO_GITHUB_CLIENT_ID = 'skydeck-demo-client';
const DEMO_GITHUB_CLIENT_SECRET = 'skydeck-demo-secret';
export const DEMO_GITHUB_TOKEN = 'gho_skydeckDemoToken000000000000000000';

/** The GitHub client settings that point at the fake (the caller adds redirect URI and timeout). */
export function demoGithubSettings(publicUrl: string) {
  return {
    clientId: DEMO_GITHUB_CLIENT_ID,
    clientSecret: DEMO_GITHUB_CLIENT_SECRET,
    oauthUrl: `${publicUrl}${DEMO_GITHUB_PATH}`,
    apiUrl: `${publicUrl}${DEMO_GITHUB_PATH}/api`,
    fetch: demoGithubFetch,
  };
}

/** GitHub's token endpoint and `GET /user`, answered in-process. */
export const demoGithubFetch: Fetch = async (input, init) => {
  const request = new Request(input, init);
  const { pathname } = new URL(request.url);
  if (request.method === 'POST' && pathname.endsWith('/login/oauth/access_token')) {
    return tokenEndpoint(new URLSearchParams(await request.text()));
  }
  if (request.method === 'GET' && pathname.endsWith('/user')) {
    return userEndpoint(request.headers.get('authorization'));
  }
  return Response.json({ message: 'Not Found' }, { status: 404 });
};

function tokenEndpoint(form: URLSearchParams): Response {
  if (form.get('client_id') !== DEMO_GITHUB_CLIENT_ID || form.get('client_secret') !== DEMO_GITHUB_CLIENT_SECRET) {
    return Response.json({
      error: 'incorrect_client_credentials',
      error_description: 'The client_id and/or client_secret passed are incorrect.',
    });
  }
  const grant = readCode(form.get('code'));
  const verified =
    grant !== undefined &&
    grant.redirectUri === form.get('redirect_uri') &&
    pkceChallenge(form.get('code_verifier') ?? '') === grant.challenge;
  // Like GitHub: a bad code is 200 with an error body, not a 4xx.
  return Response.json(verified ? githubTokenBody(DEMO_GITHUB_TOKEN) : BAD_VERIFICATION_CODE_BODY);
}

function userEndpoint(authorization: string | null): Response {
  if (authorization !== `Bearer ${DEMO_GITHUB_TOKEN}`) return Response.json(BAD_CREDENTIALS_BODY, { status: 401 });
  return Response.json(githubUserBody(DEMO_GITHUB_USER));
}

export interface Grant {
  challenge: string;
  redirectUri: string;
}

/** The code the authorize page hands out: the grant itself, so the token endpoint needs no memory. */
export function issueCode(grant: Grant): string {
  return `demo_${Buffer.from(JSON.stringify(grant)).toString('base64url')}`;
}

function readCode(code: string | null): Grant | undefined {
  if (!code?.startsWith('demo_')) return undefined;
  try {
    const grant = JSON.parse(Buffer.from(code.slice('demo_'.length), 'base64url').toString()) as Partial<Grant>;
    if (typeof grant.challenge === 'string' && typeof grant.redirectUri === 'string') return grant as Grant;
  } catch {
    // Not JSON: not a code this fake issued.
  }
  return undefined;
}

/** RFC 7636's S256: BASE64URL(SHA256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** GET /demo/github/login/oauth/authorize: the consent page, checking what GitHub checks. */
export const demoGithubRoutes: FastifyPluginAsync<{ publicUrl: string }> = async (app, { publicUrl }) => {
  const redirectUri = `${publicUrl}/oauth/callback`;
  app.get(`${DEMO_GITHUB_PATH}/login/oauth/authorize`, { schema: HIDDEN }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    const problem =
      (text('client_id') !== DEMO_GITHUB_CLIENT_ID && 'unknown client_id') ||
      (text('redirect_uri') !== redirectUri && `redirect_uri must be ${redirectUri}`) ||
      (text('state') === '' && 'state is missing') ||
      (text('code_challenge') === '' && 'code_challenge is missing') ||
      (text('code_challenge_method') !== 'S256' && 'code_challenge_method must be S256');
    if (problem) return sendPage(reply, demoRefusalPage(problem), 400);
    const code = issueCode({ challenge: text('code_challenge'), redirectUri });
    return sendPage(
      reply,
      demoAuthorizePage({ redirectUri, state: text('state'), code, login: DEMO_GITHUB_USER.login }),
    );
  });
};
