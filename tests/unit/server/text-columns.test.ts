import { describe, expect, it } from 'vitest';
import { textColumns } from '$lib/server/text-columns';

describe('the start banner’s join-link table', () => {
	it('keeps every column in line when a body’s name is longer than any fixed width would allow', () => {
		const rows = [
			['Chair', 'Dr. Ani', 'Panel A · Ruang Rinjani', 'http://localhost:3000/join/AAAA'],
			[
				'Presenter',
				'Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan Republik Indonesia',
				'Panel A · slot 1',
				'http://localhost:3000/join/BBBB'
			],
			['Juror', 'Budi', 'Panel A', 'http://localhost:3000/join/CCCC']
		];
		const lines = textColumns(rows, '  ');
		const linkAt = lines.map((line) => line.indexOf('http://'));
		expect(new Set(linkAt).size).toBe(1);
		const detailAt = lines.map((line, i) => line.indexOf(rows[i][2]));
		expect(new Set(detailAt).size).toBe(1);
		expect(lines.every((line) => line.startsWith('  ') && !line.endsWith(' '))).toBe(true);
	});

	it('counts a name’s characters, not its UTF-16 units', () => {
		const lines = textColumns([
			['Badan 𝔸', 'x'],
			['Badan AB', 'y']
		]);
		expect(lines.map((line) => [...line].length)).toEqual([11, 11]);
	});
});
