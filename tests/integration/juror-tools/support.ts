import type { Snapshot } from '$lib/shared/contracts';
import { ask, type TestApp, type TestSocket } from '../harness';

/** A socket that has synced a view (the audience's of the evaluation; the others by the session). */
export async function synced(
	app: TestApp,
	token: string | undefined,
	view: 'panel' | 'juror' | 'audience',
	evaluationId?: string
): Promise<TestSocket> {
	const socket = await app.socket(token);
	const res = await ask<Snapshot>(socket, 'sync', view === 'audience' ? { view, evaluationId } : { view });
	if (!res.ok) throw new Error(res.error.message);
	return socket;
}
