/**
 * F1 and the refusal paths of every socket command: bad input gets a clear error in the
 * acknowledgement, changes nothing in the database, and leaves the server up for the next command.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applySlotCommand } from '$lib/server/services/live-control';
import type { ErrorCode, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, disconnection, flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp, type TestSocket } from './harness';

let app: TestApp;
let fx: Fixture;
/** Panel A's first slot (Aceh), open for scoring for the whole file. */
let openSlot: string;
const tokens: Record<'jurorA0' | 'jurorA2' | 'jurorB0' | 'jurorB1' | 'chairA' | 'chairB' | 'presenter' | 'admin', string> = {} as never;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	openSlot = fx.panelA.slots[0].id;
	await app.drive(openSlot, 'start_presentation', 'start_qa', 'open_scoring');
	tokens.jurorA0 = (await app.signIn('juror', 0)).token;
	tokens.jurorA2 = (await app.signIn('juror', 2)).token;
	tokens.jurorB0 = (await app.signIn('juror', 3)).token;
	tokens.jurorB1 = (await app.signIn('juror', 4)).token;
	tokens.chairA = (await app.signIn('chair', 0)).token;
	tokens.chairB = (await app.signIn('chair', 1)).token;
	tokens.presenter = (await app.signIn('presenter', 0)).token;
	tokens.admin = (await app.signInAdmin()).token;
});
afterAll(() => app.close());

/** A fresh socket per test: each socket has its own command budget (rate limit). */
const as = (who: keyof typeof tokens | 'anonymous') => app.socket(who === 'anonymous' ? undefined : tokens[who]);

/** Asserts a refusal with the given code and a readable message, and that the database did not change. */
async function expectRefused(
	socket: TestSocket,
	event: 'sync' | 'slot.command' | 'score.submit' | 'tablet.unsent',
	payload: unknown,
	code: ErrorCode,
	issuePath?: string
) {
	const before = await app.state();
	const res = await ask(socket, event, payload);
	expect(res.ok, JSON.stringify(res)).toBe(false);
	if (res.ok) return;
	expect(res.error.code, res.error.message).toBe(code);
	expect(res.error.message.length).toBeGreaterThan(10);
	if (issuePath !== undefined) expect(res.error.issues?.map((i) => i.path)).toContain(issuePath);
	expect(await app.state()).toEqual(before);
	return res.error;
}

/** After refusals, the same socket's valid command still goes through. */
async function expectServerStillWorks(socket: TestSocket) {
	const res = await ask<Snapshot>(socket, 'sync', { view: 'audience', evaluationId: fx.evaluationId });
	expect(res.ok).toBe(true);
}

const submit = (scores: unknown, slotId = openSlot) => ({ slotId, submissionId: newSubmissionId(), scores });

/** Tables name the open slot 'S' (it is only known once the app runs). */
function withOpenSlot(raw: unknown): unknown {
	const isRecord = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
	return isRecord && (raw as Record<string, unknown>).slotId === 'S' ? { ...raw, slotId: openSlot } : raw;
}

/** Emits without an acknowledgement callback, with any arguments (the typed client insists on an ack). */
const emitRaw = (socket: TestSocket, event: string, ...args: unknown[]) =>
	(socket.emit as (event: string, ...args: unknown[]) => void)(event, ...args);

describe('score.submit refuses bad score sheets and writes nothing', () => {
	test.each([
		['a score above the maximum', { ...flatSheet(70), K1: 101 }, 'K1'],
		['a negative score', { ...flatSheet(70), K3: -1 }, 'K3'],
		['an astronomically large score', { ...flatSheet(70), K2: 1e308 }, 'K2'],
		['an off-step score', { ...flatSheet(70), K4: 50.5 }, 'K4'],
		['a missing criterion', { K1: 70, K2: 70, K3: 70, K4: 70, K5: 70 }, 'K6'],
		['an empty sheet', {}, 'K1'],
		['an unknown criterion', { ...flatSheet(70), K7: 70 }, 'K7'],
		['a criterion named like an Object property', { ...flatSheet(70), constructor: 1 }, 'constructor']
	])('%s is refused as invalid_input naming the criterion', async (_label, scores, path) => {
		const juror = await as('jurorA0');
		await expectRefused(juror, 'score.submit', submit(scores), 'invalid_input', path);
	});

	test('a "__proto__" criterion is refused, not silently dropped (it used to be accepted)', async () => {
		const juror = await as('jurorA0');
		// JSON.parse gives an own "__proto__" key, exactly as a hand-written frame would.
		const scores = JSON.parse('{"K1":70,"K2":70,"K3":70,"K4":70,"K5":70,"K6":70,"__proto__":{"K7":1}}');
		await expectRefused(juror, 'score.submit', submit(scores), 'invalid_input', 'scores');
		await expectRefused(
			juror,
			'score.submit',
			submit(JSON.parse('{"K1":70,"K2":70,"K3":70,"K4":70,"K5":70,"K6":70,"__proto__":5}')),
			'invalid_input'
		);
	});

	test.each([
		['a string', '80'],
		['null', null],
		['an object', { value: 80 }],
		['a boolean', true],
		['an array', [80]]
	])('a non-numeric score (%s) is refused', async (_label, value) => {
		const juror = await as('jurorA0');
		await expectRefused(juror, 'score.submit', submit({ ...flatSheet(70), K2: value }), 'invalid_input', 'scores.K2');
	});

	test('more than 50 criteria are refused before the rubric is read', async () => {
		const juror = await as('jurorA0');
		const scores = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`C${i}`, 1]));
		await expectRefused(juror, 'score.submit', submit(scores), 'invalid_input', 'scores');
	});
});

describe('score.submit refuses malformed payloads', () => {
	test.each([
		['a string payload', 'K1=80'],
		['a number payload', 42],
		['a null payload', null],
		['a boolean payload', false],
		['an array payload', [{ slotId: 'x', submissionId: 'abcdefgh', scores: {} }]],
		['an extra key', { slotId: 'S', submissionId: 'abcdefgh-1', scores: {}, total: 100 }],
		['a missing slotId', { submissionId: 'abcdefgh-1', scores: {} }],
		['a missing submissionId', { slotId: 'S', scores: {} }],
		['missing scores', { slotId: 'S', submissionId: 'abcdefgh-1' }],
		['a numeric slotId', { slotId: 5, submissionId: 'abcdefgh-1', scores: {} }],
		['an empty slotId', { slotId: '', submissionId: 'abcdefgh-1', scores: {} }],
		['an overlong slotId', { slotId: 'x'.repeat(65), submissionId: 'abcdefgh-1', scores: {} }],
		['a too-short submissionId', { slotId: 'S', submissionId: 'abc', scores: {} }],
		['a submissionId with spaces', { slotId: 'S', submissionId: 'abc def ghi', scores: {} }],
		['a submissionId that is an object', { slotId: 'S', submissionId: { $ne: null }, scores: {} }],
		['scores as a string', { slotId: 'S', submissionId: 'abcdefgh-1', scores: 'K1:80' }],
		['scores as an array', { slotId: 'S', submissionId: 'abcdefgh-1', scores: [80, 80, 80, 80, 80, 80] }]
	])('%s is refused as invalid_input', async (_label, raw) => {
		const juror = await as('jurorA0');
		const payload = withOpenSlot(raw);
		await expectRefused(juror, 'score.submit', payload, 'invalid_input');
		await expectServerStillWorks(juror);
	});

	test('an unknown slot id is not_found', async () => {
		const juror = await as('jurorA0');
		await expectRefused(juror, 'score.submit', submit(flatSheet(70), 'no-such-slot'), 'not_found');
	});
});

describe('score.submit refuses the wrong people and the wrong moment', () => {
	test.each([
		['a chair', 'chairA', 'forbidden'],
		['the secretariat', 'admin', 'forbidden'],
		['a presenter', 'presenter', 'forbidden'],
		['an anonymous socket', 'anonymous', 'unauthenticated']
	] as const)('%s cannot submit scores', async (_label, who, code) => {
		const socket = await as(who);
		await expectRefused(socket, 'score.submit', submit(flatSheet(70)), code);
	});

	test("a juror cannot score another panel's slot", async () => {
		const jurorB = await as('jurorB0');
		await expectRefused(jurorB, 'score.submit', submit(flatSheet(70)), 'forbidden');
	});

	test('a juror recused from the body cannot score it', async () => {
		const [jurorA2] = fx.panelA.jurorIds.slice(2);
		await app.db
			.insertInto('recusals')
			.values({
				id: crypto.randomUUID(),
				evaluation_id: fx.evaluationId,
				juror_id: jurorA2,
				body_id: fx.panelA.slots[0].bodyId,
				reason: 'Former employee of the body',
				created_by: fx.adminId,
				created_at: Date.now()
			})
			.execute();
		const socket = await as('jurorA2');
		const error = await expectRefused(socket, 'score.submit', submit(flatSheet(70)), 'forbidden');
		expect(error?.message).toMatch(/recused/i);
	});

	test('a slot that is not open for scoring (scheduled, presenting, Q&A, closed, certified, no-show) refuses sheets', async () => {
		const [first, second, third] = fx.panelB.slots;
		const jurorB0 = await as('jurorB0');
		const jurorB1 = await as('jurorB1');
		const refusedIn = async (state: string, slotId: string) => {
			expect((await app.state()).slotStates[slotId]).toBe(state);
			const error = await expectRefused(jurorB0, 'score.submit', submit(flatSheet(70), slotId), 'invalid_state');
			expect(error?.message).toMatch(/not open/i);
		};
		await refusedIn('scheduled', second.id);
		await app.drive(first.id, 'start_presentation');
		await refusedIn('presenting', first.id);
		await app.drive(first.id, 'start_qa');
		await refusedIn('qa', first.id);
		await app.drive(first.id, 'open_scoring');
		for (const socket of [jurorB0, jurorB1]) {
			expect(await ask(socket, 'score.submit', submit(flatSheet(60), first.id))).toMatchObject({ ok: true });
		}
		await app.drive(first.id, 'close_scoring');
		await refusedIn('closed', first.id);
		const admin = (await app.signInAdmin()).user;
		await applySlotCommand(app.ctx, admin, { slotId: first.id, command: 'certify', confirmMissing: true });
		await refusedIn('certified', first.id);
		await app.drive(third.id, 'mark_no_show');
		await refusedIn('no_show', third.id);
	});
});

describe('slot.command refuses bad commands and changes nothing', () => {
	test.each([
		['a juror', 'jurorA0', 'forbidden'],
		['a presenter', 'presenter', 'forbidden'],
		['an anonymous socket', 'anonymous', 'unauthenticated'],
		["another panel's chair", 'chairB', 'forbidden']
	] as const)('%s cannot command a Panel A slot', async (_label, who, code) => {
		const socket = await as(who);
		await expectRefused(socket, 'slot.command', { slotId: openSlot, command: 'close_scoring' }, code);
	});

	test.each([
		['a string payload', 'close_scoring'],
		['an array payload', [{ slotId: 'S', command: 'close_scoring' }]],
		['null', null],
		['an unknown command', { slotId: 'S', command: 'explode' }],
		['a missing command', { slotId: 'S' }],
		['a missing slotId', { command: 'close_scoring' }],
		['an extra key', { slotId: 'S', command: 'close_scoring', state: 'certified' }],
		['a non-boolean confirmMissing', { slotId: 'S', command: 'certify', confirmMissing: 'yes' }],
		['a numeric slotId', { slotId: 12, command: 'close_scoring' }]
	])('%s is refused as invalid_input', async (_label, raw) => {
		const chair = await as('chairA');
		const payload = withOpenSlot(raw);
		await expectRefused(chair, 'slot.command', payload, 'invalid_input');
		await expectServerStillWorks(chair);
	});

	test('an unknown slot id is not_found', async () => {
		const chair = await as('chairA');
		await expectRefused(chair, 'slot.command', { slotId: 'no-such-slot', command: 'start_presentation' }, 'not_found');
	});

	test.each([
		['certify a slot still in scoring', 0, 'certify'],
		['reopen a slot that is scoring', 0, 'reopen_scoring'],
		['start Q&A on a scheduled slot', 3, 'start_qa'],
		['close scoring on a scheduled slot', 3, 'close_scoring'],
		['certify a scheduled slot', 3, 'certify'],
		['mark a slot on stage as a no-show', 0, 'mark_no_show']
	] as const)('an invalid transition (%s) is invalid_state', async (_label, position, command) => {
		const chair = await as('chairA');
		const error = await expectRefused(chair, 'slot.command', { slotId: fx.panelA.slots[position].id, command }, 'invalid_state');
		expect(error?.message).toMatch(/^Cannot /);
	});

	test('certifying a slot in scoring is refused as the wrong state even when sheets are missing', async () => {
		const chair = await as('chairA');
		// Before the fix this answered 'conflict' ("confirm to certify without them") while jurors could still submit.
		const error = await expectRefused(
			chair,
			'slot.command',
			{ slotId: openSlot, command: 'certify', confirmMissing: true },
			'invalid_state'
		);
		expect(error?.message).toMatch(/cannot certify a slot that is scoring/i);
	});

	test('a second presentation cannot start in a room while another is on stage', async () => {
		const chair = await as('chairA');
		const error = await expectRefused(
			chair,
			'slot.command',
			{ slotId: fx.panelA.slots[1].id, command: 'start_presentation' },
			'invalid_state'
		);
		expect(error?.message).toMatch(/not finished/i);
	});
});

describe('sync refuses bad requests', () => {
	test.each([
		['a string payload', 'audience'],
		['an unknown view', { view: 'results' }],
		['an extra key', { view: 'audience', evaluationId: 'E', since: 3 }],
		['a numeric panelId', { view: 'panel', panelId: 3 }],
		['an array', [{ view: 'audience' }]]
	])('%s is invalid_input', async (_label, raw) => {
		const socket = await as('anonymous');
		const payload =
			raw && typeof raw === 'object' && !Array.isArray(raw) && 'evaluationId' in raw ? { ...raw, evaluationId: fx.evaluationId } : raw;
		await expectRefused(socket, 'sync', payload, 'invalid_input');
		await expectServerStillWorks(socket);
	});

	test('the audience must name an existing evaluation', async () => {
		const socket = await as('anonymous');
		await expectRefused(socket, 'sync', { view: 'audience' }, 'invalid_input');
		await expectRefused(socket, 'sync', { view: 'audience', evaluationId: 'no-such-evaluation' }, 'not_found');
	});
});

describe('tablet.unsent refuses bad reports', () => {
	test.each([
		['a missing list', {}],
		['a list of numbers', { slotIds: [1, 2] }],
		['an empty id', { slotIds: [''] }],
		['an over-long id', { slotIds: ['x'.repeat(65)] }],
		['too many ids', { slotIds: Array.from({ length: 51 }, (_, i) => `slot-${i}`) }],
		['an extra key', { slotIds: [], scores: {} }],
		['a string payload', 'S']
	])('%s is invalid_input', async (_label, raw) => {
		const socket = await as('jurorA0');
		await expectRefused(socket, 'tablet.unsent', raw, 'invalid_input');
		await expectServerStillWorks(socket);
	});
});

describe('frames the server must survive', () => {
	test('commands without an acknowledgement callback neither crash the server nor change anything', async () => {
		const juror = await as('jurorA0');
		const before = await app.state();
		emitRaw(juror, 'score.submit', submit({ ...flatSheet(70), K1: 101 }));
		emitRaw(juror, 'slot.command', { slotId: openSlot, command: 'certify' });
		emitRaw(juror, 'sync', 'garbage');
		emitRaw(juror, 'score.submit');
		emitRaw(juror, 'slot.command', { slotId: openSlot, command: 'close_scoring' }, 'not a callback', 42);
		// The callback in the payload's place: the server gets the ack but no payload.
		emitRaw(juror, 'sync', () => {});
		emitRaw(juror, 'no.such.event', { any: 'thing' });
		emitRaw(juror, 'tablet.unsent', { slotIds: [openSlot] });
		emitRaw(juror, 'heartbeat', 'not a callback');
		emitRaw(juror, 'heartbeat');
		await expectServerStillWorks(juror);
		expect(await app.state()).toEqual(before);
	});

	test('a frame that is not valid socket.io cuts that socket off, and only that one', async () => {
		const victim = await as('jurorA0');
		const bystander = await as('jurorB0');
		const gone = disconnection(victim);
		// Raw engine.io message: a socket.io EVENT packet whose JSON never ends.
		(victim.io.engine as unknown as { write(data: string): void }).write('2["score.submit",{"slotId":');
		await gone;
		await expectServerStillWorks(bystander);
	});

	test('a frame over 8 KB disconnects the sender and leaves others unaffected', async () => {
		const flooder = await as('jurorA0');
		const bystander = await as('jurorA0');
		const before = await app.state();
		const gone = disconnection(flooder);
		emitRaw(flooder, 'score.submit', submit({ ...flatSheet(70), note: 'x'.repeat(9 * 1024) }), () => {});
		await gone;
		expect(await app.state()).toEqual(before);
		const res = await ask<ScoreReceipt>(bystander, 'score.submit', submit(flatSheet(70)));
		expect(res).toMatchObject({ ok: true, data: { revision: 1 } });
	});

	test('after all of the above, a valid submission still succeeds and is recorded once', async () => {
		const juror = await as('jurorA0');
		const before = await app.state();
		const res = await ask<ScoreReceipt>(juror, 'score.submit', submit(flatSheet(75)));
		expect(res).toMatchObject({ ok: true, data: { total: 75 } });
		const after = await app.state();
		expect(after.submissions).toBe(before.submissions + 1);
		expect(after.audit).toBe(before.audit + 1);
		expect(after.liveVersion).toBe(before.liveVersion + 1);
	});
});
