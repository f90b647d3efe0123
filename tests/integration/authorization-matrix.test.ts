/**
 * S6: every role × every socket command and sync view. Refused cells must change nothing;
 * allowed commands are probed with a transition the slot's state refuses ('invalid_state'), which
 * proves authorization passed without moving anything, then a few allowed cells are run for real.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ack, ErrorCode, JurorView, PanelView, PresenterView, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp, type TestSocket } from './harness';

const ROLES = ['admin', 'chairA', 'chairB', 'jurorA', 'jurorB', 'presenter', 'anonymous'] as const;
type Actor = (typeof ROLES)[number];

let app: TestApp;
let fx: Fixture;
const tokens = {} as Record<Exclude<Actor, 'anonymous'>, string>;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	tokens.admin = (await app.signInAdmin()).token;
	tokens.chairA = (await app.signIn('chair', 0)).token;
	tokens.chairB = (await app.signIn('chair', 1)).token;
	tokens.jurorA = (await app.signIn('juror', 0)).token;
	tokens.jurorB = (await app.signIn('juror', 3)).token;
	tokens.presenter = (await app.signIn('presenter', 0)).token;
});
afterAll(() => app.close());

/** One socket per actor and test: the matrix must not run into the per-socket rate limit. */
const socketOf = (actor: Actor): Promise<TestSocket> => app.socket(actor === 'anonymous' ? undefined : tokens[actor]);

/** 'ok:<what>' for an allowed sync (see `describeOk`), 'ok' for an allowed command, else the error code. */
type Expected = 'ok' | `ok:${string}` | ErrorCode;

function describeOk(snapshot: Snapshot): string {
	switch (snapshot.view) {
		case 'panel':
			return `ok:panel ${(snapshot.data as PanelView).panel.id === fx.panelA.id ? 'A' : 'B'}`;
		case 'juror':
			return `ok:juror ${(snapshot.data as JurorView).panel.id === fx.panelA.id ? 'A' : 'B'}`;
		case 'presenter':
			return `ok:presenter ${(snapshot.data as PresenterView).body.id === fx.panelA.slots[0].bodyId ? 'Aceh' : '?'}`;
		case 'audience':
			return 'ok:audience';
	}
}

const row = (...cells: Expected[]) => Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) as Record<Actor, Expected>;

//                                                   admin            chairA           chairB           jurorA          jurorB          presenter           anonymous
const SYNC_MATRIX: [string, () => Record<string, unknown>, Record<Actor, Expected>][] = [
	[
		'audience',
		() => ({ view: 'audience', evaluationId: fx.evaluationId }),
		row('ok:audience', 'ok:audience', 'ok:audience', 'ok:audience', 'ok:audience', 'ok:audience', 'ok:audience')
	],
	[
		'panel (no panelId)',
		() => ({ view: 'panel' }),
		row('invalid_input', 'ok:panel A', 'ok:panel B', 'forbidden', 'forbidden', 'forbidden', 'forbidden')
	],
	[
		'panel A by id',
		() => ({ view: 'panel', panelId: fx.panelA.id }),
		// A chair always gets their own panel, whatever id they pass.
		row('ok:panel A', 'ok:panel A', 'ok:panel B', 'forbidden', 'forbidden', 'forbidden', 'forbidden')
	],
	[
		'panel B by id',
		() => ({ view: 'panel', panelId: fx.panelB.id }),
		row('ok:panel B', 'ok:panel A', 'ok:panel B', 'forbidden', 'forbidden', 'forbidden', 'forbidden')
	],
	[
		'panel by unknown id',
		() => ({ view: 'panel', panelId: 'no-such-panel' }),
		row('not_found', 'ok:panel A', 'ok:panel B', 'forbidden', 'forbidden', 'forbidden', 'forbidden')
	],
	['juror', () => ({ view: 'juror' }), row('forbidden', 'forbidden', 'forbidden', 'ok:juror A', 'ok:juror B', 'forbidden', 'forbidden')],
	[
		'presenter',
		() => ({ view: 'presenter' }),
		row('forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok:presenter Aceh', 'forbidden')
	]
];

// Slots are scheduled: 'start_qa' is refused by the state machine (invalid_state) only once authorization has passed.
const COMMAND_MATRIX: [
	string,
	'slot.command' | 'score.submit' | 'tablet.unsent',
	() => Record<string, unknown>,
	Record<Actor, Expected>
][] = [
	[
		'slot.command on a Panel A slot',
		'slot.command',
		() => ({ slotId: fx.panelA.slots[0].id, command: 'start_qa' }),
		row('invalid_state', 'invalid_state', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'unauthenticated')
	],
	[
		'slot.command on a Panel B slot',
		'slot.command',
		() => ({ slotId: fx.panelB.slots[0].id, command: 'start_qa' }),
		row('invalid_state', 'forbidden', 'invalid_state', 'forbidden', 'forbidden', 'forbidden', 'unauthenticated')
	],
	[
		'score.submit on a Panel A slot',
		'score.submit',
		() => ({ slotId: fx.panelA.slots[0].id, submissionId: newSubmissionId('matrix'), scores: flatSheet(70) }),
		row('forbidden', 'forbidden', 'forbidden', 'invalid_state', 'forbidden', 'forbidden', 'unauthenticated')
	],
	[
		'score.submit on a Panel B slot',
		'score.submit',
		() => ({ slotId: fx.panelB.slots[0].id, submissionId: newSubmissionId('matrix'), scores: flatSheet(70) }),
		row('forbidden', 'forbidden', 'forbidden', 'forbidden', 'invalid_state', 'forbidden', 'unauthenticated')
	],
	[
		// A report changes nothing stored; a juror of another panel is answered with no slots (see the presence tests).
		'tablet.unsent naming a Panel A slot',
		'tablet.unsent',
		() => ({ slotIds: [fx.panelA.slots[0].id] }),
		row('forbidden', 'forbidden', 'forbidden', 'ok', 'ok', 'forbidden', 'unauthenticated')
	]
];

const syncCells = SYNC_MATRIX.flatMap(([name, payload, expected]) =>
	ROLES.map((actor) => ({ name, actor, payload, expected: expected[actor] }))
);
const commandCells = COMMAND_MATRIX.flatMap(([name, event, payload, expected]) =>
	ROLES.map((actor) => ({ name, actor, event, payload, expected: expected[actor] }))
);

describe('sync views by role', () => {
	test.each(syncCells)('sync $name as $actor → $expected', async ({ actor, payload, expected }) => {
		const socket = await socketOf(actor);
		const before = await app.state();
		const res = await ask<Snapshot>(socket, 'sync', payload());
		expect(res.ok ? describeOk(res.data) : res.error.code).toBe(expected);
		expect(await app.state()).toEqual(before);
	});
});

describe('commands by role (authorization only: nothing may change)', () => {
	test.each(commandCells)('$name as $actor → $expected', async ({ actor, event, payload, expected }) => {
		const socket = await socketOf(actor);
		const before = await app.state();
		const res = (await ask(socket, event, payload())) as Ack<unknown>;
		expect(res.ok ? 'ok' : res.error.code).toBe(expected);
		expect(await app.state()).toEqual(before);
	});
});

describe('allowed cells, run for real', () => {
	test("a chair runs only their own panel's slot; the secretariat runs any", async () => {
		const [chairA, chairB, admin] = await Promise.all([socketOf('chairA'), socketOf('chairB'), socketOf('admin')]);
		expect(await ask(chairA, 'slot.command', { slotId: fx.panelA.slots[0].id, command: 'start_presentation' })).toEqual({
			ok: true,
			data: { state: 'presenting' }
		});
		expect(await ask(chairB, 'slot.command', { slotId: fx.panelA.slots[0].id, command: 'open_scoring' })).toMatchObject({
			ok: false,
			error: { code: 'forbidden' }
		});
		expect(await ask(admin, 'slot.command', { slotId: fx.panelA.slots[0].id, command: 'open_scoring' })).toEqual({
			ok: true,
			data: { state: 'scoring' }
		});
		expect(await ask(admin, 'slot.command', { slotId: fx.panelB.slots[0].id, command: 'start_presentation' })).toEqual({
			ok: true,
			data: { state: 'presenting' }
		});
	});

	test("a juror scores their own panel's open slot, never the other panel's", async () => {
		const [jurorA, jurorB] = await Promise.all([socketOf('jurorA'), socketOf('jurorB')]);
		const slotId = fx.panelA.slots[0].id;
		expect(await ask(jurorA, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(70) })).toMatchObject({
			ok: true,
			data: { revision: 1, total: 70 }
		});
		const before = await app.state();
		expect(await ask(jurorB, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(70) })).toMatchObject({
			ok: false,
			error: { code: 'forbidden' }
		});
		expect(await app.state()).toEqual(before);
	});

	test('once a slot is open, the roles that may not score still may not', async () => {
		const slotId = fx.panelA.slots[0].id;
		for (const actor of ['admin', 'chairA', 'chairB', 'presenter'] as const) {
			const res = await ask(await socketOf(actor), 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(70) });
			expect(res, actor).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		}
		const anonymous = await ask(await socketOf('anonymous'), 'score.submit', {
			slotId,
			submissionId: newSubmissionId(),
			scores: flatSheet(70)
		});
		expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
	});
});
