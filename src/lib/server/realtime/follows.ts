/**
 * Which rooms a socket is in follows from what its user may see now, not from what they could see
 * when they synced: a sync places a socket in the room of the view it was authorised for, and a
 * re-check after a role change (a chair removed, a juror moved, a panel deleted) moves it, or takes
 * it out and tells it so.
 */
import type { AudienceView, JurorView, PanelView, Snapshot, SyncInput, ViewName } from '$lib/shared/contracts';
import type { SessionUser } from '../auth/session';
import { ServiceError } from '../services/errors';
import { rooms } from './rooms';
import type { Follow, JuriSocket } from './socket-types';

export interface FollowDeps {
	/** Builds a view for a viewer, checking they may see it (throws a ServiceError if not). */
	build(view: ViewName, viewer: SessionUser | null, input: SyncInput): Promise<Snapshot>;
	/** The session's user now, or null once the session has ended. */
	validate(sessionToken: string): Promise<SessionUser | null>;
	/** A socket's view entered a room (a juror's tablet changes the "connected" column of that panel's console). */
	entered(view: ViewName, follow: Follow): void;
}

/**
 * The room a view's pushes go to, read from the snapshot this viewer was just authorised for.
 *
 * @example placeOf(await buildSnapshot(db, 'juror', juror, {}, presence), juror); // { room: 'jurors:<panel id>', panelId: '<panel id>' }
 */
export function placeOf(snapshot: Snapshot, viewer: SessionUser | null): { room: string; panelId: string | null } {
	switch (snapshot.view) {
		case 'audience':
			return { room: rooms.audience((snapshot.data as AudienceView).evaluation.id), panelId: null };
		case 'presenter':
			return { room: rooms.presenters(viewer!.evaluationId!), panelId: null };
		case 'panel': {
			const panelId = (snapshot.data as PanelView).panel.id;
			return { room: rooms.console(panelId), panelId };
		}
		case 'juror': {
			const panelId = (snapshot.data as JurorView).panel.id;
			return { room: rooms.jurors(panelId), panelId };
		}
	}
}

/** Runs a change of a socket's follows after the ones before it. */
function serially<T>(socket: JuriSocket, work: () => Promise<T>): Promise<T> {
	const result = socket.data.following.then(work);
	socket.data.following = result.then(
		() => undefined,
		() => undefined
	);
	return result;
}

/** Moves one view of a socket to `place` (null: out of every room of that view), keeping what it asked for. */
async function place(
	socket: JuriSocket,
	view: ViewName,
	input: SyncInput,
	next: { room: string; panelId: string | null } | null,
	deps: FollowDeps
): Promise<void> {
	const before = socket.data.follows.get(view);
	const follow: Follow = { input, room: next?.room ?? null, panelId: next?.panelId ?? null };
	socket.data.follows.set(view, follow);
	if (before?.room && before.room !== follow.room) await socket.leave(before.room);
	if (follow.room && follow.room !== before?.room) {
		await socket.join(follow.room);
		deps.entered(view, follow);
	}
}

/**
 * Answers a sync: builds the view for this viewer and moves the socket into that view's room (out
 * of the room it followed before, say another panel's console). A refused sync takes the socket out
 * of the view's room too, and the error goes back to the caller.
 *
 * @example const snapshot = await follow(socket, user, { view: 'juror' }, deps);
 */
export function follow(socket: JuriSocket, viewer: SessionUser | null, input: SyncInput, deps: FollowDeps): Promise<Snapshot> {
	return serially(socket, async () => {
		try {
			const snapshot = await deps.build(input.view, viewer, input);
			await place(socket, input.view, input, placeOf(snapshot, viewer), deps);
			return snapshot;
		} catch (error) {
			await place(socket, input.view, input, null, deps);
			throw error;
		}
	});
}

/**
 * Re-checks a socket after its user's role or scope changed: a session that has ended disconnects
 * it; every view it follows is built again for the user as they are now, and the socket moves to
 * that view's room with the fresh snapshot, or leaves the room and is sent the refusal. It keeps
 * following the view, so a juror unseated and then seated elsewhere gets the new panel.
 *
 * @example await recheck(socket, deps);
 */
export function recheck(socket: JuriSocket, deps: FollowDeps): Promise<void> {
	return serially(socket, async () => {
		let viewer = socket.data.user;
		if (socket.data.sessionToken) {
			viewer = await deps.validate(socket.data.sessionToken);
			if (!viewer) return void socket.disconnect(true);
			socket.data.user = viewer;
		}
		for (const [view, followed] of socket.data.follows) {
			// The audience view is public: no role decides who sees it.
			if (view === 'audience') continue;
			try {
				const snapshot = await deps.build(view, viewer, followed.input);
				await place(socket, view, followed.input, placeOf(snapshot, viewer), deps);
				socket.emit('snapshot', snapshot);
			} catch (error) {
				if (!(error instanceof ServiceError)) throw error;
				await place(socket, view, followed.input, null, deps);
				if (followed.room) socket.emit('refused', { view, error: error.toAck() });
			}
		}
	});
}

/**
 * Re-checks, one batch after another, the sockets of people whose role changed. Pushes wait for
 * `settled()`, so no push built after a change reaches a socket that the change took out of a room.
 *
 * @example const rechecks = new Rechecks(socketsOf, deps, log); rechecks.run([chairId]); await rechecks.settled();
 */
export class Rechecks {
	#settled: Promise<void> = Promise.resolve();

	constructor(
		/** This process's sockets of these users (each process re-checks its own). */
		private readonly socketsOf: (userIds: string[]) => JuriSocket[],
		private readonly deps: FollowDeps,
		private readonly onError: (error: unknown) => void
	) {}

	run(userIds: string[]): void {
		this.#settled = this.#settled.then(async () => {
			await Promise.all(this.socketsOf(userIds).map((socket) => recheck(socket, this.deps).catch(this.onError)));
		});
	}

	settled(): Promise<void> {
		return this.#settled;
	}
}
