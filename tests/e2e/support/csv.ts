import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

/** The demo's sample file: body name → SAQ (prior stage) score. */
export function saqScores(): Map<string, number> {
	const lines = readFileSync(path.join(ROOT, 'db/seed/monev-kip-2023-sample.csv'), 'utf8').trim().split('\n');
	const header = lines[0].split(',');
	const name = header.indexOf('name');
	const saq = header.indexOf('saq_score_demo');
	const category = header.indexOf('category');
	return new Map(
		lines
			.slice(1)
			.map((line) => line.split(','))
			.filter((cells) => cells[category] === 'Pemerintah Provinsi')
			.map((cells) => [cells[name], Number(cells[saq])])
	);
}

export function saqOf(bodyName: string): number {
	const saq = saqScores().get(bodyName);
	if (saq === undefined) throw new Error(`${bodyName} is not in the sample file`);
	return saq;
}

export const SAMPLE_CSV = path.join(ROOT, 'db/seed/monev-kip-2023-sample.csv');

/** Every row of the demo's sample file, in file order: an oracle for import counts and invitations. */
export function sampleRows(): { category: string; name: string; saq: number }[] {
	const [head, ...lines] = readFileSync(SAMPLE_CSV, 'utf8').trim().split('\n');
	const header = head.split(',');
	const column = (name: string) => header.indexOf(name);
	return lines
		.map((line) => line.split(','))
		.map((cells) => ({ category: cells[column('category')], name: cells[column('name')], saq: Number(cells[column('saq_score_demo')]) }));
}
