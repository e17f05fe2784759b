/**
 * Officials' sign-in on the web: `GET /login/<token>` (the one-time link `/web` sends in chat)
 * opens a session and sets its cookie; `POST /logout` ends it. The cookie is httpOnly,
 * SameSite=Lax (so a form on another site cannot sign out or act with it) and Secure when gopy
 * is reached over HTTPS. It holds a random id; the server keeps only its hash.
 */
// Type-only: the cookie and rate-limit plugins are registered by create-web-server.ts.
import type {} from '@fastify/cookie';
import type {} from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Viewer } from '../../app/web/viewer.ts';
import type { WebSignIn } from '../../app/web/web-sign-in.ts';
import { SESSION_MAX_MS } from '../../app/web/web-sign-in.ts';
import { sendHtml } from '../html.ts';
import { LINK_INVALID_PAGE, messagePage } from '../pages/page-parts.ts';

export const SESSION_COOKIE = 'gopy_session';

export interface WebSignInRoutesOptions {
  signIn: Pick<WebSignIn, 'redeem' | 'signOut'>;
  /**
   * Secure cookies always: gopy is reached over HTTPS (PUBLIC_URL is https://). Otherwise a
   * request that came over HTTPS (directly, or through a trusted proxy) still gets one.
   */
  secureCookies: boolean;
}

/** The signed-in official of a request, if any. */
export async function viewerOf(
  signIn: Pick<WebSignIn, 'viewer'>,
  request: FastifyRequest,
): Promise<Viewer | undefined> {
  const id = request.cookies[SESSION_COOKIE];
  return id ? signIn.viewer(id) : undefined;
}

export const webSignInRoutes: FastifyPluginAsyncZod<WebSignInRoutesOptions> = async (
  app,
  options,
) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secureCookies,
  };

  app.get(
    '/login/:token',
    {
      schema: { params: z.object({ token: z.string().max(100) }) },
      // Guessing tokens is hopeless (256 bits), and this keeps it so.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const sessionId = await options.signIn.redeem(request.params.token);
      if (!sessionId) return sendHtml(reply, LINK_INVALID_PAGE, 410);
      reply.setCookie(SESSION_COOKIE, sessionId, {
        ...cookieOptions,
        secure: options.secureCookies || request.protocol === 'https',
        maxAge: Math.floor(SESSION_MAX_MS / 1000),
      });
      // The token leaves the address bar and the history at once.
      return reply.redirect('/dashboard', 303);
    },
  );

  app.post('/logout', async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) await options.signIn.signOut(id);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return sendHtml(
      reply,
      messagePage({
        title: 'Đã đăng xuất',
        message: 'Ông/Bà đã đăng xuất. Để vào lại, gõ /web trong tin nhắn riêng với bot Gopy.',
      }),
    );
  });
};
