/**
 * An audit row read field by field: only what differs, named by its path; a creation is all
 * added, a removal all removed; the reason a change was made with is found in its after.
 */
import { describe, expect, test } from 'vitest';
import { changeReason, fieldChanges } from '$lib/domain/audit';

describe('fieldChanges', () => {
	test('keeps only the fields that differ, named by their path', () => {
		const before = { passingGrade: 60, stageWeights: { prior: 70, presentation: 30 }, name: 'Monev' };
		const after = { passingGrade: 55, stageWeights: { prior: 60, presentation: 30 }, name: 'Monev' };
		expect(fieldChanges(before, after)).toEqual([
			{ field: 'passingGrade', before: 60, after: 55 },
			{ field: 'stageWeights.prior', before: 70, after: 60 }
		]);
	});

	test('walks lists by position', () => {
		const before = {
			bands: [
				{ label: 'A', min: 90 },
				{ label: 'B', min: 80 }
			]
		};
		const after = {
			bands: [
				{ label: 'A', min: 90 },
				{ label: 'B', min: 75 },
				{ label: 'C', min: 60 }
			]
		};
		expect(fieldChanges(before, after)).toEqual([
			{ field: 'bands.1.min', before: 80, after: 75 },
			{ field: 'bands.2.label', after: 'C' },
			{ field: 'bands.2.min', after: 60 }
		]);
	});

	test('a creation lists every field as added, a removal every field as removed', () => {
		expect(fieldChanges(null, { name: 'Aceh', score: 81.1 })).toEqual([
			{ field: 'name', after: 'Aceh' },
			{ field: 'score', after: 81.1 }
		]);
		expect(fieldChanges({ name: 'Aceh' }, undefined)).toEqual([{ field: 'name', before: 'Aceh' }]);
	});

	test('a value becoming null, a type change and empty objects or lists are changes too', () => {
		expect(fieldChanges({ settingsLockedAt: 1700000000000, tags: ['x'] }, { settingsLockedAt: null, tags: [] })).toEqual([
			{ field: 'settingsLockedAt', before: 1700000000000, after: null },
			{ field: 'tags', after: '[]' },
			{ field: 'tags.0', before: 'x' }
		]);
		expect(fieldChanges({ score: '81' }, { score: 81 })).toEqual([{ field: 'score', before: '81', after: 81 }]);
	});

	test('a bare value is one field named ""; nothing changed is an empty list', () => {
		expect(fieldChanges('open', 'closed')).toEqual([{ field: '', before: 'open', after: 'closed' }]);
		expect(fieldChanges({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toEqual([]);
		expect(fieldChanges(null, null)).toEqual([]);
	});
});

describe('changeReason', () => {
	test('is the after’s reason when it is text', () => {
		expect(changeReason({ settingsLockedAt: null, reason: 'Bobot tahap salah ketik' })).toBe('Bobot tahap salah ketik');
	});
	test('is null otherwise', () => {
		for (const after of [null, 'reason', [{ reason: 'x' }], { reason: 12 }, { reason: '  ' }, {}]) expect(changeReason(after)).toBeNull();
	});
});
