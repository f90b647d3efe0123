/**
 * Sessions as in Lucia's guide (lucia-auth.com, "Basic session API"), on Kysely: the `lucia`
 * package itself is deprecated and its SQLite adapter refuses better-sqlite3 12. Function names
 * follow the guide so a reader can compare them line by line.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { createHash } from 'node:crypto';
import type { DB } from '../db';
import type { Role } from '../db/schema';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A juror's tablet must stay signed in through a multi-day event without re-joining. */
const SESSION_LIFETIME_MS = 30 * DAY_MS;
const RENEW_WHEN_LEFT_MS = 15 * DAY_MS;

export const SESSION_COOKIE = 'juri_session';

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

export interface SessionUser {
	id: string;
	role: Role;
	name: string;
	evaluationId: string | null;
	bodyId: string | null;
}

export type SessionValidationResult = { session: Session; user: SessionUser } | { session: null; user: null };

/** 20 random bytes (160 bits), base32: the token lives only in the cookie. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * The guide's `encodeHexLowerCase(sha256(…))`, by Node's native SHA-256: every command of a tablet
 * validates its session, and the guide's pure-JS hash showed in a burst of score submissions.
 */
export function sessionIdFromToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: DB, token: string, userId: string): Promise<Session> {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS)
	};
	await db.insertInto('sessions').values({ id: session.id, user_id: userId, expires_at: session.expiresAt.getTime() }).execute();
	return session;
}

/**
 * The one check of a session token, used by the `handle` hook and by the socket handshake alike.
 * Expired sessions are deleted; sessions in the second half of their life are extended.
 */
export async function validateSessionToken(db: DB, token: string): Promise<SessionValidationResult> {
	const sessionId = sessionIdFromToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.expires_at',
			'users.id as user_id',
			'users.role',
			'users.name',
			'users.evaluation_id',
			'users.body_id'
		])
		.where('sessions.id', '=', sessionId)
		// An archived person's sessions are deleted when they are archived; this holds even if one slipped through.
		.where('users.archived_at', 'is', null)
		.executeTakeFirst();
	if (!row) return { session: null, user: null };
	const now = Date.now();
	if (now >= row.expires_at) {
		await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
		return { session: null, user: null };
	}
	let expiresAt = row.expires_at;
	if (now >= expiresAt - RENEW_WHEN_LEFT_MS) {
		expiresAt = now + SESSION_LIFETIME_MS;
		await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
	}
	return {
		session: { id: row.id, userId: row.user_id, expiresAt: new Date(expiresAt) },
		user: {
			id: row.user_id,
			role: row.role,
			name: row.name,
			evaluationId: row.evaluation_id,
			bodyId: row.body_id
		}
	};
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/**
 * Ends every session of these users (but `except`, the session making the change) and returns the
 * ended session ids, so that after commit their live connections can be closed too.
 *
 * @example const ended = await endSessionsOf(trx, [userId], { except: currentSessionId }); // after commit: ended.forEach(publisher.disconnectSession)
 */
export async function endSessionsOf(db: DB, userIds: readonly string[], options: { except?: string } = {}): Promise<string[]> {
	if (userIds.length === 0) return [];
	const sessions = await db
		.selectFrom('sessions')
		.select('id')
		.where('user_id', 'in', [...userIds])
		.$if(options.except !== undefined, (q) => q.where('id', '!=', options.except!))
		.execute();
	const ids = sessions.map((s) => s.id);
	if (ids.length > 0) await db.deleteFrom('sessions').where('id', 'in', ids).execute();
	return ids;
}

export interface CookieJar {
	set(name: string, value: string, opts: import('cookie').CookieSerializeOptions & { path: string }): void;
	delete(name: string, opts: import('cookie').CookieSerializeOptions & { path: string }): void;
}

/** HttpOnly and SameSite=Lax always; Secure whenever the app is served over HTTPS. */
export function setSessionTokenCookie(cookies: CookieJar, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, expires: expiresAt, path: '/' });
}

export function deleteSessionTokenCookie(cookies: CookieJar, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** Reads the session token out of a raw Cookie header (the socket handshake has no cookie jar). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
			const value = part.slice(eq + 1).trim();
			// A malformed %-escape made decodeURIComponent throw inside the socket handshake, an
			// unhandled rejection that can take the process down. Like the `cookie` package (used by
			// SvelteKit for HTTP requests), keep the raw value: it then simply fails validation.
			try {
				return decodeURIComponent(value);
			} catch {
				return value;
			}
		}
	}
	return null;
}
