import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEV_KIP_PRESET, validateRubric } from '$lib/domain/scoring';

const criterion = (over: Record<string, unknown> = {}) => ({
	code: 'A',
	name: 'Aspect',
	description: '',
	weight: 100,
	min: 0,
	max: 100,
	step: 1,
	...over
});

function issueCodes(input: unknown): string[] {
	const r = validateRubric(input);
	return r.ok ? [] : r.issues.map((i) => i.code);
}

describe('validateRubric', () => {
	it('accepts the Monev KIP preset: six criteria, 0–100 in whole points, weights 25/20/20/15/10/10', () => {
		const r = validateRubric(MONEV_KIP_PRESET.rubric);
		expect(r.ok).toBe(true);
		expect(MONEV_KIP_PRESET.rubric.map((c) => [c.code, c.weight])).toEqual([
			['K1', 25],
			['K2', 20],
			['K3', 20],
			['K4', 15],
			['K5', 10],
			['K6', 10]
		]);
		expect(MONEV_KIP_PRESET.rubric.every((c) => c.description.length > 20)).toBe(true);
	});

	it('reports weights that do not sum to 100 with the actual sum', () => {
		const r = validateRubric([criterion({ code: 'A', weight: 60 }), criterion({ code: 'B', weight: 35 })]);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.issues).toEqual([
			{
				code: 'weights_sum',
				path: 'criteria',
				message: 'The criterion weights add up to 95; they must add up to 100.',
				params: { sum: 95 }
			}
		]);
	});

	it('accepts decimal weights whose binary sum is a hair off 100', () => {
		const third = 100 / 3;
		expect(
			validateRubric([
				criterion({ code: 'A', weight: third }),
				criterion({ code: 'B', weight: third }),
				criterion({ code: 'C', weight: third })
			]).ok
		).toBe(true);
	});

	it('reports duplicate codes, naming the code', () => {
		const r = validateRubric([criterion({ weight: 50 }), criterion({ weight: 50 })]);
		expect(r.ok ? [] : r.issues).toEqual([
			expect.objectContaining({ code: 'duplicate_code', path: 'criteria[1].code', params: { code: 'A' } })
		]);
	});

	it.each([
		[{ min: 10, max: 10 }, 'its minimum (10) must be below its maximum (10)'],
		[{ step: 0 }, 'its step must be more than 0'],
		[{ min: 0, max: 10, step: 3 }, 'the maximum 10 cannot be reached from 0 in steps of 3']
	])('reports an unusable scale %o', (scale, text) => {
		const r = validateRubric([criterion(scale)]);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'bad_scale', path: 'criteria[0]', message: expect.stringContaining(text) });
	});

	it('accepts decimal steps (0–5 by 0.5, 0–1 by 0.1)', () => {
		expect(validateRubric([criterion({ weight: 50, max: 5, step: 0.5 }), criterion({ code: 'B', weight: 50, max: 1, step: 0.1 })]).ok).toBe(
			true
		);
	});

	it('reports NaN, Infinity and missing numbers as such', () => {
		expect(issueCodes([criterion({ weight: Number.NaN })])).toContain('not_a_number');
		expect(issueCodes([criterion({ max: Infinity })])).toContain('not_a_number');
		expect(issueCodes([criterion({ step: undefined })])).toContain('missing_field');
		expect(issueCodes([criterion({ weight: '100' })])).toContain('not_a_number');
	});

	it('reports zero or negative weights', () => {
		expect(issueCodes([criterion({ weight: 0 }), criterion({ code: 'B', weight: 100 })])).toEqual(['bad_weight']);
	});

	it('reports bad codes, missing names and level scores off the scale', () => {
		expect(issueCodes([criterion({ code: '__proto__' })])).toEqual(['bad_code']);
		expect(issueCodes([criterion({ code: '' })])).toEqual(['bad_code']);
		expect(issueCodes([criterion({ name: ' ' })])).toEqual(['wrong_type']);
		expect(
			issueCodes([
				criterion({
					levels: [
						{ score: 50, text: 'ok' },
						{ score: 55.5, text: 'off step' }
					]
				})
			])
		).toEqual(['bad_level']);
		expect(issueCodes([criterion({ levels: [{ score: 50 }] })])).toEqual(['bad_level']);
	});

	it('keeps valid levels and fills a missing description', () => {
		const r = validateRubric([{ ...criterion({ levels: [{ score: 100, text: 'Sangat baik' }] }), description: undefined }]);
		expect(r.ok && r.value[0]).toMatchObject({ description: '', levels: [{ score: 100, text: 'Sangat baik' }] });
	});

	it('rejects non-lists, empty lists and holes', () => {
		expect(issueCodes({})).toEqual(['not_a_list']);
		expect(issueCodes([])).toEqual(['empty']);
		// eslint-disable-next-line no-sparse-arrays
		expect(issueCodes([, criterion()])).toContain('not_an_object');
	});

	it('never throws, whatever the input (10,000 runs)', () => {
		const anything = fc.anything({
			withBoxedValues: true,
			withNullPrototype: true,
			withSparseArray: true,
			withBigInt: true,
			withMap: true,
			withDate: true,
			withTypedArray: true
		});
		const field = fc.oneof(anything, fc.double(), fc.integer({ min: -5, max: 200 }), fc.string());
		const nearCriterion = fc.record(
			{
				code: field,
				name: field,
				description: field,
				weight: field,
				min: field,
				max: field,
				step: field,
				levels: fc.oneof(anything, fc.array(fc.record({ score: field, text: field })))
			},
			{ requiredKeys: [] }
		);
		fc.assert(
			fc.property(fc.oneof(anything, fc.array(nearCriterion, { maxLength: 5 })), (input) => {
				const r = validateRubric(input);
				if (!r.ok) for (const issue of r.issues) expect(typeof issue.message).toBe('string');
			}),
			{ numRuns: 10_000 }
		);
	});
});
