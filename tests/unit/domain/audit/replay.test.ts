/**
 * Replay of an evaluation's audit rows: the state the rows describe gives the inputs the app would
 * compute from its tables (latest sheet revision, recusals, certified slots only, corrections in
 * order), so each published version is recomputed to the same hash; a row that lacks what replay
 * needs stops it there, named, and later versions are never passed.
 */
import { describe, expect, test } from 'vitest';
import {
	inputDifferences,
	REPLAY_FORMAT,
	replayEvaluation,
	resultDifferences,
	type ReplayRow,
	type VersionReplay
} from '$lib/domain/audit';
import { computeResults, withStoredCorrections, type ResultInputs } from '$lib/domain/scoring';
import { body, flat, RUBRIC, RULES } from '../scoring/fixtures';

let seq = 0;
const row = (action: string, after: unknown, extra: Partial<ReplayRow> = {}): ReplayRow => ({
	seq: ++seq,
	action,
	actorId: null,
	entityId: null,
	after,
	...extra
});
const bodies = [
	{ id: 'aceh', categoryId: 'prov', priorScore: 90 },
	{ id: 'bali', categoryId: 'prov', priorScore: 80 },
	{ id: 'jambi', categoryId: 'prov', priorScore: 70 }
];
const created = () =>
	row('evaluation.create', { source: 'preset', replay: { format: REPLAY_FORMAT, rules: RULES, rubric: RUBRIC, bodies } });
const submit = (slotId: string, jurorId: string, total: number, revision = 1) =>
	row('score.submit', { slotId, revision, scores: flat(total), total }, { actorId: jurorId });
const certify = (slotId: string, bodyId: string, recused: string[] = []) =>
	row(
		'slot.certify',
		{ state: 'certified', replay: { format: REPLAY_FORMAT, slot: { bodyId, seats: ['j1', 'j2', 'j3'], recused } } },
		{ entityId: slotId }
	);
const correction = (kind: string, bodyId: string, value: number) => ({
	id: `c-${bodyId}`,
	kind,
	body_id: bodyId,
	juror_id: null,
	value,
	payload: JSON.stringify({ was: null }),
	reason: 'SK 2'
});
const publish = (version: number, hash = 'logged') => row('results.publish', { version, hash });

/** The result set a replay produced (the test fails otherwise). */
function recomputed(replay: VersionReplay) {
	if (replay.kind !== 'recomputed') throw new Error(`not recomputed: ${JSON.stringify(replay)}`);
	return replay.resultSet;
}

/** The inputs the tables would give for the scripted log below. */
const expectedInputs = (): ResultInputs =>
	withStoredCorrections(
		{
			rubric: RUBRIC,
			rules: RULES,
			bodies: [body('aceh', 90), body('bali', 85), body('jambi', 70)],
			slots: [
				{
					bodyId: 'aceh',
					jurors: [
						{ jurorId: 'j1', status: 'scored', sheet: flat(88) },
						{ jurorId: 'j2', status: 'recused' },
						{ jurorId: 'j3', status: 'absent' }
					]
				}
			]
		},
		[{ kind: 'final_score', bodyId: 'jambi', jurorId: null, value: 75, sheet: null, reason: 'SK 2' }]
	);

describe('replayEvaluation', () => {
	test('rebuilds the inputs the tables give, and recomputes each version at its row', () => {
		const rows = [
			created(),
			submit('slot-aceh', 'j1', 80),
			// A later revision replaces the sheet; a sheet of a slot never certified is not read.
			submit('slot-aceh', 'j1', 88, 2),
			submit('slot-bali', 'j1', 50),
			certify('slot-aceh', 'aceh', ['j2']),
			publish(1),
			row('body.update', { id: 'bali', category_id: 'prov', prior_score: 85, name: 'Bali' }),
			row('visitation.visit_correct', { status: 'corrected', amendment: correction('final_score', 'jambi', 70) }),
			// A later correction of the same body and kind wins.
			row('results.correct', correction('final_score', 'jambi', 75)),
			row('auth.sign_in', { note: 'not about results' }),
			publish(2)
		];
		const replay = replayEvaluation(rows);
		expect(replay.rows).toBe(rows.length);
		expect(replay.versions.map((v) => [v.version, v.seq, v.loggedHash])).toEqual([
			[1, rows[5].seq, 'logged'],
			[2, rows[10].seq, 'logged']
		]);
		const final = computeResults(expectedInputs());
		expect(recomputed(replay.versions[1].replay).hash).toBe(final.hash);
		expect(recomputed(replay.now).hash).toBe(final.hash);
		const first = { ...expectedInputs(), bodies: [body('aceh', 90), body('bali', 80), body('jambi', 70)] };
		expect(recomputed(replay.versions[0].replay).hash).toBe(computeResults(first).hash);
	});

	test('settings and rubric saved later replace those of the creation', () => {
		const rules = { ...RULES, stageWeights: { prior: 40, presentation: 60 } };
		const rubric = RUBRIC.map((c, i) => ({ ...c, weight: i === 0 ? c.weight + 5 : i === 1 ? c.weight - 5 : c.weight }));
		const replay = replayEvaluation([
			created(),
			row('evaluation.settings_update', { name: 'Monev', rules }),
			row('rubric.save', rubric),
			publish(1)
		]);
		const inputs = { rubric, rules, bodies: bodies.map((b) => body(b.id, b.priorScore)), slots: [] };
		expect(recomputed(replay.versions[0].replay).hash).toBe(computeResults(inputs).hash);
	});

	test('a creation row written before rows carried full after-state makes nothing replayable, named', () => {
		const seed = row('demo.seed', { bodies: 34, invited: 20 });
		const replay = replayEvaluation([seed, submit('s', 'j1', 80), publish(1)]);
		const gap = { seq: seed.seq, action: 'demo.seed', missing: 'the settings, rubric and bodies it created' };
		expect(replay.versions[0].replay).toEqual({ kind: 'not_replayable', gap });
		expect(replay.now).toEqual({ kind: 'not_replayable', gap });
	});

	test('a log without the evaluation’s creation is not replayable', () => {
		const replay = replayEvaluation([submit('s', 'j1', 80), publish(1)]);
		expect(replay.versions[0].replay).toMatchObject({ kind: 'not_replayable', gap: { seq: 0 } });
	});

	test('an old row in the middle stops the replay there: versions before it are still recomputed', () => {
		const oldCertify = row('slot.certify', { state: 'certified', certified_by: 'chair' }, { entityId: 'slot-bali' });
		const replay = replayEvaluation([created(), publish(1), oldCertify, publish(2), created()]);
		expect(replay.versions[0].replay.kind).toBe('recomputed');
		expect(replay.versions[1].replay).toEqual({
			kind: 'not_replayable',
			gap: { seq: oldCertify.seq, action: 'slot.certify', missing: "the certified slot's body and panel" }
		});
	});

	test('a row edited into something unreadable stops the replay rather than guessing', () => {
		const replay = replayEvaluation([created(), row('results.correct', null), publish(1)]);
		expect(replay.versions[0].replay).toMatchObject({
			kind: 'not_replayable',
			gap: { action: 'results.correct', missing: 'the correction' }
		});
	});

	test('inputs the scoring core refuses are reported as a failure, not a hash', () => {
		const replay = replayEvaluation([
			created(),
			row('score.submit', { slotId: 's', revision: 1, scores: { K1: 80 } }, { actorId: 'j1' }),
			certify('s', 'aceh'),
			publish(1)
		]);
		expect(replay.versions[0].replay).toMatchObject({ kind: 'failed', message: expect.stringContaining('j1') });
	});
});

describe('differences, named by body and field', () => {
	test('a recomputed result set against the published one', () => {
		const published = computeResults(expectedInputs());
		const raised = expectedInputs();
		const other = computeResults({ ...raised, bodies: raised.bodies.map((b) => (b.bodyId === 'bali' ? { ...b, priorScore: 95 } : b)) });
		expect(resultDifferences(other, published)).toEqual([
			{ bodyId: 'bali', field: 'priorScore', log: 95, database: 85 },
			{ bodyId: 'bali', field: 'finalScore', log: 95, database: 85 },
			{ bodyId: 'bali', field: 'band', log: 'Informatif', database: 'Menuju Informatif' },
			{ bodyId: 'bali', field: 'rankInCategory', log: 1, database: 2 },
			{ bodyId: 'bali', field: 'nationalRank', log: 1, database: 2 },
			{ bodyId: 'aceh', field: 'rankInCategory', log: 2, database: 1 },
			{ bodyId: 'aceh', field: 'nationalRank', log: 2, database: 1 }
		]);
		expect(resultDifferences(published, published)).toEqual([]);
	});

	test('rebuilt inputs against the tables’: a criterion of a juror’s sheet, a status, a presence, the rules', () => {
		const log = expectedInputs();
		const [slot] = log.slots;
		const database: ResultInputs = {
			...log,
			rules: { ...log.rules, divergenceTolerance: 99 },
			bodies: log.bodies.filter((b) => b.bodyId !== 'jambi'),
			slots: [
				{
					...slot,
					jurors: [
						{ jurorId: 'j1', status: 'scored', sheet: { ...flat(88), K3: 100 } },
						{ jurorId: 'j2', status: 'scored', sheet: flat(70) },
						slot.jurors[2]
					]
				}
			]
		};
		expect(inputDifferences(log, database)).toEqual([
			{ bodyId: null, field: 'rules', log: log.rules, database: database.rules },
			{ bodyId: 'jambi', field: 'presence', log: true, database: false },
			{ bodyId: 'aceh', jurorId: 'j1', field: 'K3', log: 88, database: 100 },
			{ bodyId: 'aceh', jurorId: 'j2', field: 'status', log: 'recused', database: 'scored' }
		]);
		expect(inputDifferences(log, log)).toEqual([]);
	});
});
