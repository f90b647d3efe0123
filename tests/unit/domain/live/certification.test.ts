/** When certifying is possible, and when reopening scoring could still reach the quorum. */
import { describe, expect, test } from 'vitest';
import { certificationReadiness, type JurorStatus } from '$lib/domain/live/certification';

const jurors = (...statuses: JurorStatus['status'][]): JurorStatus[] => statuses.map((status, i) => ({ jurorId: `j${i + 1}`, status }));

describe('certification readiness', () => {
	test('the quorum is met by scored sheets only', () => {
		expect(certificationReadiness(jurors('scored', 'scored', 'absent'), 2)).toMatchObject({
			validCount: 2,
			quorumMet: true,
			absentIds: ['j3']
		});
	});

	test('below the quorum, reopening helps while enough jurors who are not recused have yet to score', () => {
		expect(certificationReadiness(jurors('scored', 'absent', 'recused'), 2)).toMatchObject({ quorumMet: false, reopenHelps: true });
	});

	test('below the quorum with the missing jurors recused, reopening cannot help', () => {
		expect(certificationReadiness(jurors('scored', 'recused', 'recused'), 2)).toEqual({
			quorum: 2,
			validCount: 1,
			recusedCount: 2,
			absentIds: [],
			quorumMet: false,
			reopenHelps: false
		});
	});
});
