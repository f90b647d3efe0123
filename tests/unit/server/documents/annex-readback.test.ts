/**
 * Reading a decree annex's PDF text back into rows: the rows of each section under its category,
 * names and qualifications wrapped onto following lines joined again, and the page's other lines
 * (a repeated header, the footer, the notes) never taken for part of a row.
 */
import { describe, expect, test } from 'vitest';
import { annexRowsFromPdf, hashInPdf } from '$lib/server/documents/annex-readback';
import type { PdfPiece } from '$lib/server/documents/pdf-text';

/** A printed line: pieces at the annex's column positions (points). */
const at = (...pieces: [number, string][]): PdfPiece[] => pieces.map(([x, text]) => ({ x, text }));
const row = (rank: string, body: string, prior: string, presentation: string, final: string, qualification: string) =>
	at([65, rank], [99, body], [304.5, prior], [373, presentation], [433.5, final], [462.8, qualification]);
const HEADER = at(
	[49.3, 'Peringkat'],
	[99, 'Badan publik'],
	[289.5, 'Nilai SAQ'],
	[334.7, 'Nilai presentasi'],
	[416.1, 'Nilai akhir'],
	[462.8, 'Kualifikasi']
);
const HASH = 'a9f1b848b9f6279f43ed2943173c9b811d78eb739578656b7336f19b41ee6978';

describe('annexRowsFromPdf', () => {
	test('reads each section under its category, joining wrapped names and qualifications', () => {
		const pages = [
			[
				at([40, 'A. PEMERINTAH PROVINSI']),
				HEADER,
				row('1', 'Pemerintah Provinsi Jawa Tengah', '95,80', '—', '95,80', 'Informatif'),
				row('2=', 'Pemerintah Provinsi Kepulauan Bangka', '90,80', '88,00', '89,96', 'Menuju'),
				at([99, 'Belitung'], [462.8, 'Informatif']),
				at([40, 'Monev KIP 2023 — Presentasi · Versi hasil 1'], [506, 'Halaman 1 dari 2'])
			],
			[
				HEADER,
				row('3', 'Pemerintah Provinsi Aceh', '96,50', '85,00', '93,05', 'Informatif'),
				at([40, 'B. BADAN USAHA MILIK NEGARA']),
				row('1', 'PT Contoh', '70,00', '—', '70,00', 'Cukup Informatif'),
				at([40, 'Keterangan: peringkat bersama ditandai "="']),
				at([95, `hash ${HASH}; jangkar audit`])
			]
		];
		const rows = annexRowsFromPdf(pages, ['Pemerintah Provinsi', 'Badan Usaha Milik Negara']);
		expect(rows.map((r) => [r.category, r.body, r.fields.rank, r.fields.qualification])).toEqual([
			['Pemerintah Provinsi', 'Pemerintah Provinsi Jawa Tengah', '1', 'Informatif'],
			['Pemerintah Provinsi', 'Pemerintah Provinsi Kepulauan Bangka Belitung', '2=', 'Menuju Informatif'],
			['Pemerintah Provinsi', 'Pemerintah Provinsi Aceh', '3', 'Informatif'],
			['Badan Usaha Milik Negara', 'PT Contoh', '1', 'Cukup Informatif']
		]);
		expect(rows[2].fields).toEqual({ rank: '3', prior: '96,50', presentation: '85,00', final: '93,05', qualification: 'Informatif' });
		expect(hashInPdf(pages)).toBe(HASH);
	});

	test('a heading that names no category of the version keeps its text: its rows match no published row', () => {
		const rows = annexRowsFromPdf(
			[[at([40, 'A. PEMERINTAH PROVINSI LAIN']), row('1', 'X', '1,00', '—', '1,00', 'Y')]],
			['Pemerintah Provinsi']
		);
		expect(rows[0].category).toBe('PEMERINTAH PROVINSI LAIN');
	});

	test('a document without a printed hash names none', () => {
		expect(hashInPdf([[at([40, 'hash 1234'])]])).toBeNull();
	});
});
