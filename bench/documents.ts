/**
 * Official documents and the event loop (issue 8, item 6): how long rendering a PDF holds the
 * thread it runs on, for the largest documents an evaluation makes: the decree annex of a
 * 364-body evaluation (the 2024 Monev's size) and a bundle's worth of PDFs (the annex plus minutes
 * and juror sheets of 8 panel-days). Each is rendered on the calling thread ("inline": what the
 * server would do without a worker) and through `renderPdfs` (a worker thread), interleaved in the
 * same run; the event loop's delay is sampled meanwhile. "loop max" is the longest stretch in which
 * no page and no socket could be served.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { heading, numbered, paragraph, renderPdf, signatures, table, titleBlock, type PdfDocument } from '$lib/server/documents/pdf';
import { renderPdfs } from '$lib/server/documents/render';

const ROUNDS = Number(process.env.BENCH_DOCUMENTS_ROUNDS ?? 3);
const footer = {
	lines: ['Monev KIP 2024 · Versi hasil 1 · Dibuat 2 Desember 2026 09.30 WIB', `Kepala audit 1234:${'f'.repeat(64)}`],
	pageOf: 'Halaman {page} dari {pages}'
};
const CATEGORY_SIZES = [34, 42, 31, 34, 65, 149, 9];

/** An annex shaped like the real one: seven category tables, 364 rows, the method, a signature. */
function annexDocument(): PdfDocument {
	const columns = [
		{ header: 'Peringkat', width: 46, align: 'center' as const },
		{ header: 'Badan publik', width: '*' as const },
		{ header: 'Nilai SAQ', width: 52, align: 'right' as const },
		{ header: 'Nilai presentasi', width: 60, align: 'right' as const },
		{ header: 'Nilai akhir', width: 52, align: 'right' as const },
		{ header: 'Kualifikasi', width: 88 }
	];
	return {
		title: 'Lampiran',
		createdAt: 0,
		footer,
		content: [
			titleBlock(['LAMPIRAN', 'KEPUTUSAN KOMISI INFORMASI PUSAT', 'NOMOR 1/KIP/XII/2024', 'TANGGAL 19 Desember 2024']),
			...CATEGORY_SIZES.flatMap((size, c) => [
				heading(`${String.fromCharCode(65 + c)}. KATEGORI ${c + 1}`),
				table(
					columns,
					Array.from({ length: size }, (_, i) => [
						String(i + 1),
						`Badan Publik Nomor ${i + 1} dengan Nama yang Cukup Panjang untuk Dibungkus`,
						'88,12',
						'91,50',
						'89,13',
						'Menuju Informatif'
					])
				)
			]),
			numbered(['Nilai akhir = 70% SAQ + 30% nilai presentasi.', 'Pembulatan sekali, ke 2 desimal.']),
			signatures([{ role: 'KETUA', name: null }], { alignment: 'right' })
		]
	};
}

/** Minutes and score sheets of one panel-day: 13 slots, 3 jurors. */
function panelDayDocuments(): PdfDocument[] {
	const minutes: PdfDocument = {
		title: 'Berita acara',
		createdAt: 0,
		footer,
		orientation: 'landscape',
		content: [
			titleBlock(['BERITA ACARA']),
			paragraph('Pada hari ini telah dilaksanakan presentasi.'),
			table(
				Array.from({ length: 10 }, (_, i) => ({ header: `Kolom ${i}`, width: i === 1 ? ('*' as const) : 60 })),
				Array.from({ length: 13 }, (_, i) => Array.from({ length: 10 }, (_, j) => (j === 1 ? `Badan Publik ${i}` : '09.30')))
			),
			signatures(Array.from({ length: 4 }, (_, i) => ({ role: i ? 'Juri' : 'Ketua panel', name: `Nama ${i}` })))
		]
	};
	const sheets: PdfDocument = {
		title: 'Lembar penilaian',
		createdAt: 0,
		footer,
		content: Array.from({ length: 39 }, (_, s) => [
			{ ...titleBlock(['LEMBAR PENILAIAN JURI']), ...(s > 0 ? { pageBreak: 'before' as const } : {}) },
			table(
				[
					{ header: 'Kode', width: 40 },
					{ header: 'Kriteria', width: '*' },
					{ header: 'Bobot', width: 40 },
					{ header: 'Nilai', width: 40 }
				],
				Array.from({ length: 6 }, (_, i) => [`K${i + 1}`, 'Komitmen pimpinan', '20', '80'])
			),
			signatures([{ role: 'Juri', name: 'Nama' }])
		]).flat()
	};
	return [minutes, sheets];
}

interface Sample {
	ms: number;
	maxDelayMs: number;
	bytes: number;
}

async function sample(render: () => Promise<Uint8Array[]>): Promise<Sample> {
	const delay = monitorEventLoopDelay({ resolution: 5 });
	delay.enable();
	await new Promise((resolve) => setTimeout(resolve, 50));
	const start = performance.now();
	const out = await render();
	const ms = performance.now() - start;
	await new Promise((resolve) => setTimeout(resolve, 50));
	delay.disable();
	return { ms, maxDelayMs: delay.max / 1e6, bytes: out.reduce((n, b) => n + b.length, 0) };
}

const inline = async (documents: PdfDocument[]) => {
	const out: Uint8Array[] = [];
	for (const d of documents) out.push(await renderPdf(d));
	return out;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function documentsBenchmark(): Promise<void> {
	const cases = [
		{ name: 'Annex PDF, 364 bodies', documents: [annexDocument()] },
		{ name: 'Bundle PDFs: annex + 8 panel-days', documents: [annexDocument(), ...Array.from({ length: 8 }, panelDayDocuments).flat()] }
	];
	console.log(`\nEvent loop held while PDFs render (${ROUNDS} rounds, inline and worker interleaved; medians)`);
	console.log(`${'documents'.padEnd(38)}${'where'.padEnd(8)}${'total ms'.padStart(10)}${'loop max ms'.padStart(13)}${'KB'.padStart(8)}`);
	for (const c of cases) {
		const runs = { inline: [] as Sample[], worker: [] as Sample[] };
		for (let i = 0; i < ROUNDS; i++) {
			runs.inline.push(await sample(() => inline(c.documents)));
			runs.worker.push(await sample(() => renderPdfs(c.documents)));
		}
		for (const [label, samples] of Object.entries(runs)) {
			console.log(
				`${(label === 'inline' ? c.name : '').padEnd(38)}${label.padEnd(8)}${median(samples.map((s) => s.ms))
					.toFixed(0)
					.padStart(10)}${median(samples.map((s) => s.maxDelayMs))
					.toFixed(1)
					.padStart(13)}${(median(samples.map((s) => s.bytes)) / 1024).toFixed(0).padStart(8)}`
			);
		}
		const ratio = median(runs.inline.map((s) => s.maxDelayMs)) / median(runs.worker.map((s) => s.maxDelayMs));
		console.log(`${''.padEnd(38)}loop max, inline / worker: ${ratio.toFixed(1)}×`);
	}
}
