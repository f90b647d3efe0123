/**
 * The people of an evaluation: jurors, chairs and each public body's presenters; their one-time
 * join codes and the printable sheet that hands the codes out. Codes exist in plain text only in
 * the return value of the call that issues them: only their hashes are stored.
 */
import QRCode from 'qrcode';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { issueJoinCode, joinCodeState, revokeJoinCodes, type JoinCodeState } from '../auth/join-code';
import { endSessionsOf, type SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Database, Role } from '../db/schema';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { ServiceError, notFound, secretariatOnly } from './errors';
import { bumpLiveVersion } from './transaction';
import { parseInput } from './validation';

export type PersonRole = Exclude<Role, 'admin'>;

/** Why a people or conflict change was refused, so a page can say it in the user's language. */
export type PeopleRefusalReason =
	| 'archived'
	| 'wrong_role'
	| 'body_unknown'
	| 'admin_uses_password'
	| 'not_a_juror'
	| 'conflict_exists'
	| 'not_open'
	| 'not_confirmed'
	| 'already_scored';

export class PeopleRefusal extends ServiceError {
	constructor(
		code: ConstructorParameters<typeof ServiceError>[0],
		readonly reason: PeopleRefusalReason,
		message: string
	) {
		super(code, message);
	}
}

/** Error messages are keys; the page turns them into text in the user's language. */
const name = z.string().trim().min(1, 'required').max(120, 'too_long');
// Nullish, not just optional: the page's action parses the form with this schema and the service
// parses the result again, where an empty field has already become null.
const optionalText = z
	.string()
	.trim()
	.max(200, 'too_long')
	.nullish()
	.transform((v) => (v ? v : null));

export const personInput = z.discriminatedUnion('role', [
	z.object({ role: z.literal('juror'), name, affiliation: optionalText, expertise: optionalText }),
	z.object({ role: z.literal('chair'), name, affiliation: optionalText }),
	z.object({
		role: z.literal('presenter'),
		name,
		title: z.string().trim().min(1, 'required').max(120, 'too_long'),
		bodyId: z.string().min(1, 'required').max(64)
	})
]);
export type PersonInput = z.infer<typeof personInput>;

export interface PanelSeat {
	name: string;
	room: string;
}

export interface PersonRow {
	id: string;
	role: PersonRole;
	name: string;
	title: string | null;
	affiliation: string | null;
	expertise: string | null;
	bodyId: string | null;
	bodyName: string | null;
	bodyInvited: boolean;
	/** Where the person sits: a juror's panels, a chair's panels, the panel a presenter's body is scheduled in. */
	panels: PanelSeat[];
	archived: boolean;
	code: { state: JoinCodeState; issuedAt: number | null; expiresAt: number | null };
}

/**
 * Everyone of an evaluation (archived people too, flagged), with their panels and the state of
 * their latest join code.
 *
 * @example const people = await listPeople(ctx.db, evaluationId); people.filter((p) => p.role === 'juror');
 */
export async function listPeople(db: DB, evaluationId: string, now = Date.now()): Promise<PersonRow[]> {
	const [users, seats, chaired, scheduled, codes] = await Promise.all([
		db
			.selectFrom('users')
			.leftJoin('bodies', 'bodies.id', 'users.body_id')
			.select([
				'users.id',
				'users.role',
				'users.name',
				'users.title',
				'users.affiliation',
				'users.expertise',
				'users.body_id',
				'users.archived_at',
				'bodies.name as body_name',
				'bodies.invited as body_invited'
			])
			.where('users.evaluation_id', '=', evaluationId)
			.where('users.role', '!=', 'admin')
			.orderBy('users.name')
			.execute(),
		db
			.selectFrom('panel_jurors')
			.innerJoin('panels', 'panels.id', 'panel_jurors.panel_id')
			.select(['panel_jurors.juror_id as user_id', 'panels.name', 'panels.room'])
			.where('panels.evaluation_id', '=', evaluationId)
			.orderBy('panels.name')
			.execute(),
		db
			.selectFrom('panels')
			.select(['chair_id as user_id', 'name', 'room'])
			.where('evaluation_id', '=', evaluationId)
			.where('chair_id', 'is not', null)
			.orderBy('name')
			.execute(),
		db
			.selectFrom('slots')
			.innerJoin('panels', 'panels.id', 'slots.panel_id')
			.select(['slots.body_id', 'panels.name', 'panels.room'])
			.where('slots.evaluation_id', '=', evaluationId)
			.execute(),
		db
			.selectFrom('join_codes')
			.innerJoin('users', 'users.id', 'join_codes.user_id')
			.select(['join_codes.user_id', 'join_codes.created_at', 'join_codes.expires_at', 'join_codes.used_at', 'join_codes.revoked_at'])
			.where('users.evaluation_id', '=', evaluationId)
			.orderBy('join_codes.created_at', 'desc')
			.execute()
	]);
	const seatsOf = groupBy([...seats, ...chaired], (s) => s.user_id ?? '');
	const panelOfBody = groupBy(scheduled, (s) => s.body_id);
	const latestCode = new Map<string, (typeof codes)[number]>();
	for (const code of codes) if (!latestCode.has(code.user_id)) latestCode.set(code.user_id, code);

	return users.map((u) => {
		const code = latestCode.get(u.id);
		const panels = u.role === 'presenter' ? (panelOfBody.get(u.body_id ?? '') ?? []) : (seatsOf.get(u.id) ?? []);
		return {
			id: u.id,
			role: u.role as PersonRole,
			name: u.name,
			title: u.title,
			affiliation: u.affiliation,
			expertise: u.expertise,
			bodyId: u.body_id,
			bodyName: u.body_name,
			bodyInvited: u.body_invited === 1,
			panels: panels.map((p) => ({ name: p.name, room: p.room })),
			archived: u.archived_at !== null,
			code: { state: joinCodeState(code, now), issuedAt: code?.created_at ?? null, expiresAt: code?.expires_at ?? null }
		};
	});
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
	return groups;
}

/** The fields a person row stores for each role; the others stay null. */
function columnsOf(input: PersonInput) {
	return {
		name: input.name,
		affiliation: input.role === 'presenter' ? null : input.affiliation,
		expertise: input.role === 'juror' ? input.expertise : null,
		title: input.role === 'presenter' ? input.title : null,
		body_id: input.role === 'presenter' ? input.bodyId : null
	};
}

async function checkBody(trx: Transaction<Database>, evaluationId: string, input: PersonInput): Promise<void> {
	if (input.role !== 'presenter') return;
	const body = await trx
		.selectFrom('bodies')
		.select('id')
		.where('id', '=', input.bodyId)
		.where('evaluation_id', '=', evaluationId)
		.where('archived_at', 'is', null)
		.executeTakeFirst();
	if (!body) throw new PeopleRefusal('invalid_input', 'body_unknown', 'No such public body in this evaluation');
}

async function personIn(db: DB | Transaction<Database>, evaluationId: string, personId: string) {
	const person = await db
		.selectFrom('users')
		.selectAll()
		.where('id', '=', personId)
		.where('evaluation_id', '=', evaluationId)
		.where('role', '!=', 'admin')
		.executeTakeFirst();
	if (!person) throw notFound('Person');
	return person;
}

const snapshot = (p: {
	name: string;
	role: Role;
	title: string | null;
	affiliation: string | null;
	expertise: string | null;
	body_id: string | null;
}) => ({
	role: p.role,
	name: p.name,
	title: p.title,
	affiliation: p.affiliation,
	expertise: p.expertise,
	bodyId: p.body_id
});

/**
 * Adds a juror, a chair or a presenter of a public body.
 *
 * @example await createPerson(ctx, admin, evaluationId, { role: 'juror', name: 'Siti', affiliation: 'UGM', expertise: 'Kebijakan publik' });
 */
export async function createPerson(ctx: ServiceContext, actor: SessionUser, evaluationId: string, raw: unknown): Promise<string> {
	const input = parseInput(personInput, raw);
	return auditedAdminChange(ctx, actor, async (trx) => {
		await checkBody(trx, evaluationId, input);
		const id = crypto.randomUUID();
		const row = {
			id,
			role: input.role,
			username: null,
			password_hash: null,
			evaluation_id: evaluationId,
			created_at: Date.now(),
			archived_at: null,
			...columnsOf(input)
		};
		await trx.insertInto('users').values(row).execute();
		return { result: id, audit: { evaluationId, action: 'person.create', entity: 'user', entityId: id, after: snapshot(row) } };
	});
}

/**
 * Edits a person's details; the role stays what it was (a juror does not become a presenter).
 *
 * @example await updatePerson(ctx, admin, evaluationId, personId, { role: 'chair', name: 'Prof. Hendra', affiliation: 'KI Pusat' });
 */
export async function updatePerson(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	personId: string,
	raw: unknown
): Promise<void> {
	const input = parseInput(personInput, raw);
	const bodyChange = await auditedAdminChange(ctx, actor, async (trx) => {
		const before = await personIn(trx, evaluationId, personId);
		if (before.role !== input.role) throw new PeopleRefusal('invalid_input', 'wrong_role', 'A person keeps their role');
		await checkBody(trx, evaluationId, input);
		const columns = columnsOf(input);
		await trx.updateTable('users').set(columns).where('id', '=', personId).execute();
		// A presenter given another body must stop seeing the old body's slot and result at once.
		const movedBody = before.body_id !== columns.body_id;
		return {
			result: movedBody ? { version: await bumpLiveVersion(trx, evaluationId, 'public') } : null,
			audit: {
				evaluationId,
				action: 'person.update',
				entity: 'user',
				entityId: personId,
				before: snapshot(before),
				after: snapshot({ ...before, ...columns })
			}
		};
	});
	if (bodyChange) ctx.publisher.changed({ evaluationId, version: bodyChange.version, public: true, members: [personId] });
}

/**
 * Archives a person: they can no longer sign in. Their unused codes are revoked, their sessions
 * deleted (so every `validateSessionToken` caller simply sees no session) and their live
 * connections closed after commit.
 *
 * @example const { sessionsEnded } = await archivePerson(ctx, admin, evaluationId, jurorId);
 */
export async function archivePerson(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	personId: string
): Promise<{ sessionsEnded: number; codesRevoked: number }> {
	const { sessionIds, codesRevoked } = await auditedAdminChange(ctx, actor, async (trx) => {
		const person = await personIn(trx, evaluationId, personId);
		if (person.archived_at !== null) throw new PeopleRefusal('invalid_state', 'archived', 'This person is already archived');
		const now = Date.now();
		await trx.updateTable('users').set({ archived_at: now }).where('id', '=', personId).execute();
		const codesRevoked = await revokeJoinCodes(trx, personId, now);
		const sessionIds = await endSessionsOf(trx, [personId]);
		return {
			result: { sessionIds, codesRevoked },
			audit: {
				evaluationId,
				action: 'person.archive',
				entity: 'user',
				entityId: personId,
				before: { archivedAt: null },
				after: { archivedAt: now, sessionsEnded: sessionIds.length, codesRevoked }
			}
		};
	});
	for (const id of sessionIds) ctx.publisher.disconnectSession(id);
	return { sessionsEnded: sessionIds.length, codesRevoked };
}

/**
 * Brings an archived person back. They need a new join code to sign in again.
 *
 * @example await restorePerson(ctx, admin, evaluationId, jurorId);
 */
export async function restorePerson(ctx: ServiceContext, actor: SessionUser, evaluationId: string, personId: string): Promise<void> {
	await auditedAdminChange(ctx, actor, async (trx) => {
		const person = await personIn(trx, evaluationId, personId);
		if (person.archived_at === null) throw new PeopleRefusal('invalid_state', 'not_open', 'This person is not archived');
		await trx.updateTable('users').set({ archived_at: null }).where('id', '=', personId).execute();
		return {
			result: undefined,
			audit: {
				evaluationId,
				action: 'person.restore',
				entity: 'user',
				entityId: personId,
				before: { archivedAt: person.archived_at },
				after: { archivedAt: null }
			}
		};
	});
}

export const codeGroups = ['everyone', 'chairs', 'jurors', 'presenters', 'invited_presenters'] as const;
export type CodeGroup = (typeof codeGroups)[number];

/** Whom to issue codes for: named people (always a fresh code), or a group. */
/**
 * Whom to issue codes to: named people (optionally also signing out the devices they are signed in
 * on: a stolen or lost tablet), or a whole group.
 */
export type CodeSelection = { userIds: string[]; signOutDevices?: boolean } | { group: CodeGroup; onlyWithoutActiveCode: boolean };

/** A freshly issued code with what its card prints. The code is in plain text: never store it or put it in a URL. */
export interface IssuedCode {
	userId: string;
	role: PersonRole;
	name: string;
	title: string | null;
	bodyName: string | null;
	panels: PanelSeat[];
	code: string;
	expiresAt: number;
	/** Sessions ended with this issue (the person's devices signed out), when that was asked for. */
	devicesSignedOut: number;
}

const ROLE_ORDER: Record<PersonRole, number> = { chair: 0, juror: 1, presenter: 2 };

function inGroup(person: PersonRow, group: CodeGroup): boolean {
	switch (group) {
		case 'everyone':
			return true;
		case 'chairs':
			return person.role === 'chair';
		case 'jurors':
			return person.role === 'juror';
		case 'presenters':
			return person.role === 'presenter';
		case 'invited_presenters':
			return person.role === 'presenter' && person.bodyInvited;
	}
}

/**
 * Issues one-time join codes (re-issuing revokes each person's earlier unused code) and returns
 * them in plain text, once, for the printable sheet. Archived people get none.
 *
 * @example const issued = await issueJoinCodes(ctx, admin, evaluationId, { group: 'jurors', onlyWithoutActiveCode: true });
 */
export async function issueJoinCodes(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	selection: CodeSelection
): Promise<IssuedCode[]> {
	const people = await listPeople(ctx.db, evaluationId);
	let chosen: PersonRow[];
	if ('userIds' in selection) {
		const wanted = new Set(selection.userIds);
		chosen = people.filter((p) => wanted.has(p.id));
		if (chosen.length < wanted.size) throw notFound('Person');
		if (chosen.some((p) => p.archived)) throw new PeopleRefusal('invalid_state', 'archived', 'Archived people get no join code');
	} else {
		chosen = people.filter(
			(p) => !p.archived && inGroup(p, selection.group) && (!selection.onlyWithoutActiveCode || p.code.state !== 'active')
		);
	}
	chosen.sort(
		(a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.bodyName ?? '').localeCompare(b.bodyName ?? '') || a.name.localeCompare(b.name)
	);
	if (chosen.length === 0) return [];

	const signOut = 'userIds' in selection && selection.signOutDevices === true;
	const { issued, endedSessions } = await auditedAdminChange(ctx, actor, async (trx) => {
		const issued: IssuedCode[] = [];
		const endedSessions: string[] = [];
		for (const person of chosen) {
			const code = await issueJoinCode(trx, person.id);
			const ended = signOut ? await endSessionsOf(trx, [person.id]) : [];
			endedSessions.push(...ended);
			const { expires_at } = await trx
				.selectFrom('join_codes')
				.select('expires_at')
				.where('user_id', '=', person.id)
				.orderBy('created_at', 'desc')
				.executeTakeFirstOrThrow();
			issued.push({
				userId: person.id,
				role: person.role,
				name: person.name,
				title: person.title,
				bodyName: person.bodyName,
				panels: person.panels,
				code,
				expiresAt: expires_at,
				devicesSignedOut: ended.length
			});
		}
		return {
			result: { issued, endedSessions },
			audit: {
				evaluationId,
				action: 'join_code.issue',
				entity: 'user',
				entityId: issued.length === 1 ? issued[0].userId : null,
				before: issued.map((i) => ({ userId: i.userId, code: people.find((p) => p.id === i.userId)!.code.state })),
				// Never the codes themselves: the audit log is exported with the results.
				after: {
					userIds: issued.map((i) => i.userId),
					state: 'active',
					expiresAt: issued[0].expiresAt,
					selection,
					...(signOut ? { sessionsEnded: endedSessions.length } : {})
				}
			}
		};
	});
	for (const sessionId of endedSessions) ctx.publisher.disconnectSession(sessionId);
	return issued;
}

/**
 * Revokes a person's unused join code (a sheet was lost); a used code and the session it opened stay.
 *
 * @example await revokePersonJoinCode(ctx, admin, evaluationId, presenterId);
 */
export async function revokePersonJoinCode(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	personId: string
): Promise<number> {
	return auditedAdminChange(ctx, actor, async (trx) => {
		await personIn(trx, evaluationId, personId);
		const revoked = await revokeJoinCodes(trx, personId);
		return {
			result: revoked,
			audit: {
				evaluationId,
				action: 'join_code.revoke',
				entity: 'user',
				entityId: personId,
				before: { unusedCodes: revoked },
				after: { unusedCodes: 0 }
			}
		};
	});
}

/**
 * The secretariat issues a fresh one-time join link for one chair, juror or presenter from the
 * dashboard (a lost sheet, a new tablet). Earlier unused codes of that person stop working.
 */
export async function reissueJoinCode(
	ctx: ServiceContext,
	actor: SessionUser,
	userId: string,
	options: { signOutDevices?: boolean } = {}
): Promise<IssuedCode> {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat issues join codes');
	const person = await ctx.db.selectFrom('users').select(['id', 'role', 'evaluation_id']).where('id', '=', userId).executeTakeFirst();
	if (!person) throw notFound('Person');
	if (person.role === 'admin' || !person.evaluation_id) {
		throw new PeopleRefusal('invalid_input', 'admin_uses_password', 'The secretariat signs in with a password, not a join code');
	}
	const [issued] = await issueJoinCodes(ctx, actor, person.evaluation_id, { userIds: [userId], signOutDevices: options.signOutDevices });
	return issued;
}

export interface SheetCard extends IssuedCode {
	link: string;
	/** The link as a QR code, an inline SVG: the sheet prints with no network. */
	qrSvg: string;
}

/**
 * Turns freshly issued codes into the cards of the printable sheet: the join link in text and as
 * a QR code rendered here, so the browser needs nothing from elsewhere.
 *
 * @example const cards = await joinSheet(issued, url.origin); // cards[0].link === `${url.origin}/join/${issued[0].code}`
 */
export async function joinSheet(issued: IssuedCode[], origin: string): Promise<SheetCard[]> {
	return Promise.all(
		issued.map(async (card) => {
			const link = `${origin}/join/${card.code}`;
			const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
			return { ...card, link, qrSvg };
		})
	);
}
