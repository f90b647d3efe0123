import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MONEV_KIP_PRESET, validateRules } from '$lib/domain/scoring';
import {
	DEFAULT_TIMING,
	blankSettings,
	changedLockedCriteria,
	sheetBreakingChanges,
	changedLockedRules,
	fieldOfIssue,
	presetSettings,
	unflattenFields,
	validateEvaluationSettings
} from '$lib/domain/setup/evaluation-settings';

describe('default settings', () => {
	test('the preset and a blank evaluation are valid as they are', () => {
		for (const s of [presetSettings('Monev KIP 2026'), blankSettings('Lomba 2026')]) {
			expect(validateEvaluationSettings(s, MONEV_KIP_PRESET.rubric)).toEqual({ ok: true, value: s });
		}
	});

	test('the preset copies the preset rules (editable) and the documented timing', () => {
		const s = presetSettings('X');
		expect(s.rules).toEqual(MONEV_KIP_PRESET.rules);
		expect(Object.isFrozen(s.rules.bands)).toBe(false);
		expect(s.timing).toEqual(DEFAULT_TIMING);
		expect(s.passingGrade).toBe(60);
	});
});

describe('validateEvaluationSettings', () => {
	test('rule issues come from validateRules, under rules.', () => {
		const rules = { ...MONEV_KIP_PRESET.rules, stageWeights: { prior: 70, presentation: 20 } };
		const r = validateEvaluationSettings({ ...presetSettings('X'), rules });
		const direct = validateRules(rules);
		expect(r.ok || direct.ok).toBe(false);
		if (r.ok || direct.ok) return;
		expect(r.issues).toEqual(direct.issues.map((i) => ({ ...i, path: `rules.${i.path}` })));
	});

	test('reports every bad field at once', () => {
		const r = validateEvaluationSettings({
			name: '',
			priorStageLabel: 'x'.repeat(41),
			passingGrade: 101,
			rules: null,
			timing: { presentation: 0 }
		});
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.issues.map((i) => i.path)).toEqual([
			'name',
			'priorStageLabel',
			'passingGrade',
			'timing.presentation',
			'timing.qa',
			'timing.scoring',
			'timing.changeover',
			'timeZone',
			'rules'
		]);
	});

	test('the event runs in WIB, WITA or WIT (by IANA name); WIB unless chosen', () => {
		expect(presetSettings('X').timeZone).toBe('Asia/Jakarta');
		for (const timeZone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']) {
			const r = validateEvaluationSettings({ ...presetSettings('X'), timeZone });
			expect(r.ok && r.value.timeZone).toBe(timeZone);
		}
		for (const timeZone of ['WIB', 'Europe/Amsterdam', '', undefined]) {
			const r = validateEvaluationSettings({ ...presetSettings('X'), timeZone });
			expect(r.ok ? [] : r.issues.map((i) => [i.path, i.code])).toEqual([['timeZone', 'unknown_option']]);
		}
	});

	test('trims the name and the label', () => {
		const r = validateEvaluationSettings({ ...presetSettings('  Monev  '), priorStageLabel: ' SAQ ' });
		expect(r.ok && [r.value.name, r.value.priorStageLabel]).toEqual(['Monev', 'SAQ']);
	});

	test('a tie-break criterion must exist in the rubric when one is given', () => {
		const s = presetSettings('X');
		s.rules.tieBreak = [{ kind: 'criterion', code: 'K3' }];
		expect(validateEvaluationSettings(s, MONEV_KIP_PRESET.rubric).ok).toBe(true);
		expect(validateEvaluationSettings(s, []).ok).toBe(false);
	});

	test('never throws, whatever it is given', () => {
		fc.assert(fc.property(fc.anything(), (input) => typeof validateEvaluationSettings(input).ok === 'boolean'));
	});
});

describe('what the settings lock covers', () => {
	const rules = MONEV_KIP_PRESET.rules;
	test('stage weights, bands, aggregation, tie-break and the non-presenter rule', () => {
		expect(changedLockedRules(rules, { ...rules, stageWeights: { prior: 80, presentation: 20 } })).toEqual(['stageWeights']);
		expect(
			changedLockedRules(rules, { ...rules, aggregation: { ...rules.aggregation, normalise: true }, tieBreak: [{ kind: 'prior' }] })
		).toEqual(['aggregation', 'tieBreak']);
		expect(changedLockedRules(rules, { ...rules, nonPresenter: 'zero_presentation', bands: [] })).toEqual(['bands', 'nonPresenter']);
	});

	test('not the divergence tolerance, which only flags', () => {
		expect(changedLockedRules(rules, { ...rules, divergenceTolerance: 3 })).toEqual([]);
	});

	test('criteria added, removed, reweighted or rescaled; not names, texts or order', () => {
		const rubric = MONEV_KIP_PRESET.rubric;
		expect(
			changedLockedCriteria(
				rubric,
				[...rubric].reverse().map((c) => ({ ...c, name: 'x', description: 'y', levels: [] }))
			)
		).toEqual([]);
		expect(
			changedLockedCriteria(
				rubric,
				rubric.map((c) => (c.code === 'K2' ? { ...c, step: 5 } : c))
			)
		).toEqual(['K2']);
		expect(changedLockedCriteria(rubric, [...rubric.slice(1), { ...rubric[0], code: 'K9' }])).toEqual(['K9', 'K1']);
	});

	test('existing sheets break on criteria added, removed or rescaled, never on a weight', () => {
		const rubric = MONEV_KIP_PRESET.rubric;
		expect(
			sheetBreakingChanges(
				rubric,
				rubric.map((c) => ({ ...c, weight: c.code === 'K1' ? 35 : c.weight }))
			)
		).toEqual([]);
		expect(
			sheetBreakingChanges(
				rubric,
				rubric.map((c) => (c.code === 'K3' ? { ...c, max: 10 } : c))
			)
		).toEqual(['K3']);
		expect(sheetBreakingChanges(rubric, [...rubric.slice(1), { ...rubric[0], code: 'K9' }])).toEqual(['K9', 'K1']);
	});
});

describe('form fields', () => {
	test('issue paths name the form field', () => {
		expect(fieldOfIssue('rules.bands[2].min')).toBe('rules.bands.2.min');
		expect(fieldOfIssue('rules.aggregation.trim[0]')).toBe('rules.aggregation.trim.0');
		expect(fieldOfIssue('rules.tieBreak[1].code')).toBe('rules.tieBreak.1');
		expect(fieldOfIssue('criteria[3].levels[1]')).toBe('criteria.3.levels.1');
		expect(fieldOfIssue('passingGrade')).toBe('passingGrade');
	});

	test('dotted field names become nested objects and ordered lists', () => {
		expect(
			unflattenFields({
				name: 'X',
				'rules.bands.10.label': 'C',
				'rules.bands.2.label': 'B',
				'rules.bands.0.label': 'A',
				'rules.aggregation.method': 'mean'
			})
		).toEqual({ name: 'X', rules: { bands: [{ label: 'A' }, { label: 'B' }, { label: 'C' }], aggregation: { method: 'mean' } } });
	});

	test('crafted names cannot reach an object prototype', () => {
		const out = unflattenFields({ '__proto__.polluted': 'yes', 'a.constructor.prototype.polluted': 'yes' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(out).toEqual({});
	});
});
