/**
 * The Juri process under test (bench/fanout.ts forks it, one process of its own): the app's
 * realtime layer on an HTTP port, over SQLite in a given folder (kept across a restart, for P4).
 * Answers the orchestrator over IPC: `change` runs a chair's command that the audience sees (the
 * slot on stage alternates between closing and reopening scoring) and says when it started;
 * `memory` (after GC), `version` (the public version now) and `jurors` (sessions for P5's tablets).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createSession, generateSessionToken, validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { migrateToLatest, openDatabase } from '$lib/server/db';
import { attachRealtime } from '$lib/server/realtime/attach';
import { DEFAULT_FLOOD_LIMITS } from '$lib/server/realtime/flood-guard';
import { silentPublisher, type ServiceContext } from '$lib/server/services/context';
import { seedDemoIfEmpty } from '$lib/server/services/demo-seed';
import { applySlotCommand } from '$lib/server/services/live-control';
import { now, type ServerMessage } from './protocol';

const [dir, port] = [process.argv[2], Number(process.argv[3] ?? 0)];
const db = openDatabase(join(dir, 'juri.sqlite'));
await migrateToLatest(db);
await seedDemoIfEmpty(db, { adminPassword: 'bench' });
const ctx: ServiceContext = { db, publisher: silentPublisher };
const http = createServer();
const realtime = attachRealtime(http, ctx, {
	log: () => {},
	// P5 measures the write path at 2,000 submissions/s from a few tablets, not the flood guard's
	// budgets (bench/flood.ts measures those): each tablet may send far more than a person would.
	limits: {
		...DEFAULT_FLOOD_LIMITS,
		socket: { capacity: 10_000, perSecond: 10_000, refusalsBeforeCutOff: 1_000_000 },
		session: { capacity: 10_000, perSecond: 10_000 },
		address: { capacity: 100_000, perSecond: 100_000 }
	}
});
ctx.publisher = realtime.publisher;
// A reconnect storm opens thousands of connections at once: a deep accept queue keeps them from being dropped.
await new Promise<void>((resolve) => http.listen({ port, host: '127.0.0.1', backlog: 8192 }, resolve));

const evaluation = await db.selectFrom('evaluations').select('id').orderBy('created_at').orderBy('id').executeTakeFirstOrThrow();
const panel = await db.selectFrom('panels').select(['id', 'chair_id']).orderBy('name').executeTakeFirstOrThrow();
const slot = await db.selectFrom('slots').select('id').where('panel_id', '=', panel.id).orderBy('position').executeTakeFirstOrThrow();

async function sessionOf(userId: string): Promise<{ token: string; user: SessionUser }> {
	const token = generateSessionToken();
	await createSession(db, token, userId);
	return { token, user: (await validateSessionToken(db, token)).user! };
}

const chair = (await sessionOf(panel.chair_id!)).user;
const stateOf = async () => (await db.selectFrom('slots').select('state').where('id', '=', slot.id).executeTakeFirstOrThrow()).state;
// The chair's slot on stage, scoring: each change after this closes or reopens it (a room's state the audience sees).
if ((await stateOf()) === 'scheduled') {
	for (const command of ['start_presentation', 'start_qa', 'open_scoring'] as const) {
		await applySlotCommand(ctx, chair, { slotId: slot.id, command });
	}
}

const reply = (message: ServerMessage) => process.send!(message);
process.on('message', async (message: { type: string; id?: number; open?: boolean }) => {
	if (message.type === 'change') {
		const command = (await stateOf()) === 'scoring' ? 'close_scoring' : 'reopen_scoring';
		const at = now();
		await applySlotCommand(ctx, chair, { slotId: slot.id, command });
		reply({ type: 'changed', id: message.id!, at, committedIn: now() - at });
	} else if (message.type === 'scoring') {
		if ((await stateOf()) !== 'scoring') await applySlotCommand(ctx, chair, { slotId: slot.id, command: 'reopen_scoring' });
		reply({ type: 'scoring' });
	} else if (message.type === 'memory') {
		for (let i = 0; i < 3; i++) globalThis.gc?.();
		reply({ type: 'memory', usage: process.memoryUsage() });
	} else if (message.type === 'version') {
		const row = await db.selectFrom('evaluations').select('public_version').where('id', '=', evaluation.id).executeTakeFirstOrThrow();
		reply({ type: 'version', version: row.public_version });
	} else if (message.type === 'jurors') {
		const jurors = await db.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panel.id).orderBy('seat').execute();
		const tokens = await Promise.all(jurors.map(async (j) => (await sessionOf(j.juror_id)).token));
		reply({ type: 'jurors', tokens, slotId: slot.id });
	}
});
reply({ type: 'ready', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, evaluationId: evaluation.id });
