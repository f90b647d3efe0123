/**
 * A slot below quorum, as the schedule says it (in Indonesian, the base language): the jurors
 * recused and, as advice, only what can work. Another panel is named only when one reaches the
 * quorum, seating a juror only while the panel may take one, the settings only when nothing else
 * helps; reopening scoring never (a recused juror never scores).
 */
import { describe, expect, test } from 'vitest';
import type { DescribedWarning } from '$lib/domain/setup/schedule';
import { warningText } from '../../../src/routes/admin/e/[evaluationId]/schedule/texts';

const warning = (panels: string[], canSeat: boolean): DescribedWarning => ({
	kind: 'below_quorum',
	eligible: 1,
	quorum: 2,
	jurors: ['Siti Rahmawati', 'Bambang'],
	panels,
	canSeat
});
const MOVE = 'Panel yang mencapai kuorum untuk badan ini: Panel B.';
const SEAT = 'Dudukkan juri lain di panel ini';
const SETTINGS = 'hanya perubahan kuorum di pengaturan yang membantu';

describe('below quorum', () => {
	test('names the recused jurors and says reopening scoring will not help', () => {
		const text = warningText(warning(['Panel B'], true));
		expect(text).toMatch(
			/^Di bawah kuorum: hanya 1 juri panel ini boleh menilai badan ini \(Siti Rahmawati, Bambang mundur\), kuorumnya 2; membuka kembali penilaian pada hari-H tidak akan membantu\./
		);
	});
	test('advises only what can work', () => {
		expect(warningText(warning(['Panel B'], true))).toContain(MOVE);
		expect(warningText(warning(['Panel B'], true))).toContain(SEAT);
		expect(warningText(warning(['Panel B'], true))).not.toContain(SETTINGS);
		expect(warningText(warning(['Panel B'], false))).not.toContain(SEAT);
		expect(warningText(warning([], true))).not.toContain('Panel yang mencapai');
		expect(warningText(warning([], false))).toContain(SETTINGS);
		expect(warningText(warning([], false))).not.toContain(SEAT);
	});
	test('too few seats, nobody recused', () => {
		expect(warningText({ ...warning([], true), jurors: [] } as DescribedWarning)).toBe(
			'Di bawah kuorum: panel ini hanya punya 1 juri, kuorumnya 2. Dudukkan juri lain di panel ini sebelum penilaiannya dimulai.'
		);
	});
});
