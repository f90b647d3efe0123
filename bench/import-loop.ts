/**
 * Imports and the event loop (issue 7, item 5): how long the server's event loop is held while
 * a file is read, before (read on the request's own thread: exceljs's full loader for XLSX,
 * papaparse in place for CSV, as until this issue) and after (readImportTable: a worker thread,
 * streaming, with limits), side by side in the same run. The delay is sampled by
 * perf_hooks.monitorEventLoopDelay while each read runs; "max" is the longest stretch nothing
 * else (no page, no socket) could run.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readCsv } from '$lib/server/import/csv';
import { readImportTable, READ_LIMITS } from '$lib/server/import/read-table';
import { readWithExceljs } from '../tests/support/exceljs-reference';
import { cell, gridRows, sheetPart, workbookArchive } from '../tests/support/xlsx-files';

const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);

interface Sample {
	ms: number;
	maxDelayMs: number;
	p99DelayMs: number;
	outcome: string;
}

async function sample(read: () => Promise<unknown>): Promise<Sample> {
	const delay = monitorEventLoopDelay({ resolution: 5 });
	delay.enable();
	// The histogram measures from one sampling tick to the next: let it tick before the read starts.
	await new Promise((resolve) => setTimeout(resolve, 50));
	const start = performance.now();
	const outcome = await read().then(
		(table) => (typeof table === 'string' ? table : 'read'),
		(e: { problem?: string }) => e.problem ?? String(e)
	);
	const ms = performance.now() - start;
	// …and after it ends, so that a stretch that held the loop to the end is recorded too.
	await new Promise((resolve) => setTimeout(resolve, 50));
	delay.disable();
	return { ms, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, outcome };
}

const header = `<row r="1">${cell('A1', 'category')}${cell('B1', 'name')}</row>`;
const bytesOfText = (text: string) => new TextEncoder().encode(text);

/** Each case: the file, and how imports read it before this issue (on the calling thread). */
const CASES: { name: string; bytes: () => Uint8Array; before: (bytes: Uint8Array) => Promise<unknown> }[] = [
	{
		name: 'XLSX, real: 20,000 rows × 7 columns',
		bytes: () => workbookArchive({ sheet: sheetPart(gridRows(7, 20_000)) }),
		before: readWithExceljs
	},
	{
		name: 'XLSX zip bomb: 150 KB → 150 MB sheet',
		bytes: () => workbookArchive({ sheet: sheetPart(Buffer.concat([Buffer.from(header), Buffer.alloc(150 * 1024 * 1024, ' ')])) }),
		before: readWithExceljs
	},
	{
		name: 'XLSX of 600,000 cells',
		bytes: () => workbookArchive({ sheet: sheetPart(gridRows(30, 20_000)) }),
		before: readWithExceljs
	},
	{
		name: 'XLSX with a merged area of 1,000,000 cells',
		bytes: () => workbookArchive({ sheet: sheetPart(header, '<mergeCells count="1"><mergeCell ref="A3:CV10002"/></mergeCells>') }),
		before: readWithExceljs
	},
	{
		name: 'CSV of 2,500,000 lines',
		bytes: () => bytesOfText('category\n' + 'x\n'.repeat(2_500_000)),
		before: async (bytes) => readCsv(bytes, { ...READ_LIMITS, cells: Infinity })
	}
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function importLoopBenchmark(): Promise<void> {
	console.log(`\nEvent loop held while an import file is read (${ROUNDS} rounds, before and after interleaved; medians)`);
	console.log(
		`${'file'.padEnd(44)}${'read'.padEnd(8)}${'total ms'.padStart(10)}${'loop max ms'.padStart(13)}${'loop p99 ms'.padStart(13)}  outcome`
	);
	for (const c of CASES) {
		const bytes = c.bytes();
		const runs = { before: [] as Sample[], after: [] as Sample[] };
		for (let i = 0; i < ROUNDS; i++) {
			runs.before.push(await sample(() => c.before(bytes)));
			runs.after.push(await sample(() => readImportTable(bytes)));
		}
		for (const [label, samples] of Object.entries(runs)) {
			console.log(
				`${(label === 'before' ? c.name : '').padEnd(44)}${label.padEnd(8)}${median(samples.map((s) => s.ms))
					.toFixed(0)
					.padStart(10)}${median(samples.map((s) => s.maxDelayMs))
					.toFixed(1)
					.padStart(13)}${median(samples.map((s) => s.p99DelayMs))
					.toFixed(1)
					.padStart(13)}  ${samples[0].outcome}`
			);
		}
		const ratio = median(runs.before.map((s) => s.maxDelayMs)) / median(runs.after.map((s) => s.maxDelayMs));
		console.log(`${''.padEnd(44)}loop max, before / after: ${ratio.toFixed(1)}×`);
	}
	console.log('Not run before (they froze or crashed the process): a merged area of a whole sheet; a CSV header of 100,000 columns.');
}
