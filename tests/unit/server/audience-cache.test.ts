import { describe, expect, test } from 'vitest';
import { AudienceCache } from '$lib/server/realtime/audience-cache';
import type { Snapshot } from '$lib/shared/contracts';

/** A builder that counts its builds and finishes when the test says so. */
function countingBuilder() {
	let builds = 0;
	const pending: ((s: Snapshot<'audience'>) => void)[] = [];
	const build = (evaluationId: string) =>
		new Promise<Snapshot<'audience'>>((resolve, reject) => {
			builds++;
			if (evaluationId === 'unknown') return reject(new Error('not found'));
			pending.push(resolve);
		});
	const finish = (version: number) => {
		for (const resolve of pending.splice(0)) resolve({ view: 'audience', version, serverNow: 0, data: {} as Snapshot<'audience'>['data'] });
	};
	return { build, finish, builds: () => builds };
}

describe('AudienceCache', () => {
	test('2,000 syncs at once share one build, each stamped with the time it is served', async () => {
		const builder = countingBuilder();
		let clock = 5;
		const cache = new AudienceCache(builder.build, () => clock++);
		const all = Promise.all(Array.from({ length: 2000 }, () => cache.get('e1')));
		builder.finish(7);
		const snapshots = await all;
		expect(builder.builds()).toBe(1);
		expect(new Set(snapshots.map((s) => s.version))).toEqual(new Set([7]));
		expect(new Set(snapshots.map((s) => s.serverNow)).size).toBe(2000);
		await cache.get('e1');
		expect(builder.builds()).toBe(1);
	});

	test('a public change makes the next request build the new version; requests made before it keep the build they share', async () => {
		const builder = countingBuilder();
		const cache = new AudienceCache(builder.build);
		const before = cache.get('e1');
		cache.invalidate('e1');
		const after = cache.get('e1');
		expect(builder.builds()).toBe(2);
		builder.finish(8);
		expect((await before).version).toBe(8);
		expect((await after).version).toBe(8);
	});

	test('a failed build is not kept', async () => {
		const builder = countingBuilder();
		const cache = new AudienceCache(builder.build);
		await expect(cache.get('unknown')).rejects.toThrow('not found');
		await expect(cache.get('unknown')).rejects.toThrow('not found');
		expect(builder.builds()).toBe(2);
	});

	test('a push patches from the version served before it, and the next push from that one', async () => {
		const board = (version: number, onStage: string | null) =>
			({
				view: 'audience',
				version,
				serverNow: 0,
				data: { evaluation: { id: 'e1' }, rooms: [{ panelId: 'p1', onStage }] }
			}) as unknown as Snapshot<'audience'>;
		let current = board(3, null);
		const cache = new AudienceCache(async () => current);
		// Nothing served yet: the whole snapshot is pushed.
		expect((await cache.push('e1')).patch).toBeNull();
		current = board(4, 's1');
		cache.invalidate('e1');
		await cache.get('e1');
		expect((await cache.push('e1')).patch).toMatchObject({
			from: 3,
			to: 4,
			delta: { o: { rooms: { k: 'panelId', o: { p1: { o: { onStage: { $: 's1' } } } } } } }
		});
		current = board(6, 's2');
		cache.invalidate('e1');
		expect((await cache.push('e1')).patch).toMatchObject({ from: 4, to: 6 });
		// Another process pushed version 9: the next patch here starts from it; an older one is not taken.
		cache.adopt(board(9, 's3'));
		cache.adopt(board(8, 's9'));
		current = board(10, 's3');
		cache.invalidate('e1');
		expect((await cache.push('e1')).patch).toMatchObject({ from: 9, to: 10, delta: null });
	});
});
