import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEV_KIP_PRESET, validateRules } from '$lib/domain/scoring';
import { RUBRIC, RULES } from './fixtures';

function codes(input: unknown, rubric = RUBRIC): string[] {
	const r = validateRules(input, rubric);
	return r.ok ? [] : r.issues.map((i) => `${i.code}@${i.path}`);
}

describe('validateRules', () => {
	it('accepts the preset: SAQ 70 / presentation 30, prior-only for non-presenters, mean, quorum 2, tolerance 15', () => {
		expect(validateRules(MONEV_KIP_PRESET.rules, RUBRIC)).toEqual({ ok: true, value: MONEV_KIP_PRESET.rules });
		expect(RULES.bands.map((b) => [b.label, b.min])).toEqual([
			['Informatif', 90],
			['Menuju Informatif', 80],
			['Cukup Informatif', 60],
			['Kurang Informatif', 40],
			['Tidak Informatif', 0]
		]);
	});

	it('reports stage weights that do not sum to 100', () => {
		const r = validateRules({ ...RULES, stageWeights: { prior: 70, presentation: 20 } });
		expect(r.ok ? null : r.issues[0]).toMatchObject({
			code: 'weights_sum',
			message: 'The stage weights add up to 90; they must add up to 100.'
		});
	});

	it('reports bands out of order, duplicated or empty', () => {
		expect(
			codes({
				...RULES,
				bands: [
					{ label: 'A', min: 40 },
					{ label: 'B', min: 80 }
				]
			})
		).toEqual(['bad_band@bands[1].min']);
		expect(
			codes({
				...RULES,
				bands: [
					{ label: 'A', min: 80 },
					{ label: 'A', min: 40 }
				]
			})
		).toEqual(['duplicate_label@bands[1].label']);
		expect(codes({ ...RULES, bands: [] })).toEqual(['empty@bands']);
	});

	it('reports trimming that leaves no score, and bad quorums', () => {
		expect(codes({ ...RULES, aggregation: { ...RULES.aggregation, trim: [{ minValid: 4, dropEachSide: 2 }] } })).toEqual([
			'bad_trim@aggregation.trim[0]'
		]);
		expect(codes({ ...RULES, aggregation: { ...RULES.aggregation, quorum: 0 } })).toEqual(['bad_value@aggregation.quorum']);
		expect(codes({ ...RULES, aggregation: { ...RULES.aggregation, method: 'mode' } })).toEqual(['unknown_option@aggregation.method']);
	});

	it('sorts trimming steps so their written order does not matter', () => {
		const r = validateRules({ ...RULES, aggregation: { ...RULES.aggregation, trim: [...RULES.aggregation.trim].reverse() } });
		expect(r.ok && r.value.aggregation.trim).toEqual(RULES.aggregation.trim);
	});

	it('checks tie-break criteria against the rubric', () => {
		expect(codes({ ...RULES, tieBreak: [{ kind: 'criterion', code: 'K3' }, { kind: 'presentation' }] })).toEqual([]);
		expect(codes({ ...RULES, tieBreak: [{ kind: 'criterion', code: 'K9' }] })).toEqual(['unknown_criterion@tieBreak[0].code']);
		expect(codes({ ...RULES, tieBreak: [{ kind: 'coin' }] })).toEqual(['unknown_option@tieBreak[0]']);
	});

	it('reports a bad divergence tolerance and non-presenter rule', () => {
		expect(codes({ ...RULES, divergenceTolerance: -1, nonPresenter: 'drop' })).toEqual([
			'unknown_option@nonPresenter',
			'bad_value@divergenceTolerance'
		]);
	});

	it('never throws, whatever the input (10,000 runs)', () => {
		const anything = fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withBigInt: true });
		const near = fc.record(
			{
				stageWeights: fc.oneof(anything, fc.record({ prior: fc.oneof(fc.double(), anything), presentation: fc.double() })),
				nonPresenter: fc.oneof(anything, fc.constantFrom('prior_only', 'zero_presentation')),
				bands: fc.oneof(anything, fc.array(fc.record({ label: fc.oneof(fc.string(), anything), min: fc.double() }))),
				aggregation: fc.oneof(
					anything,
					fc.record({
						method: fc.constantFrom('mean', 'median', 'trimmed_mean', 'x'),
						trim: fc.oneof(anything, fc.array(fc.record({ minValid: fc.integer(), dropEachSide: fc.integer() }))),
						quorum: fc.oneof(fc.integer(), anything),
						normalise: fc.oneof(fc.boolean(), anything)
					})
				),
				tieBreak: fc.oneof(
					anything,
					fc.array(fc.oneof(anything, fc.record({ kind: fc.constantFrom('presentation', 'prior', 'criterion'), code: fc.string() })))
				),
				divergenceTolerance: fc.oneof(fc.double(), anything)
			},
			{ requiredKeys: [] }
		);
		fc.assert(
			fc.property(fc.oneof(anything, near), fc.oneof(fc.constant(RUBRIC), anything), (input, rubric) => {
				const r = validateRules(input, rubric as typeof RUBRIC);
				expect(typeof r.ok).toBe('boolean');
			}),
			{ numRuns: 10_000 }
		);
	});
});
