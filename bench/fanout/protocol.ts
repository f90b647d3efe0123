/**
 * What the processes of the fan-out benchmark tell each other over IPC. Times are milliseconds of
 * the system's monotonic clock (`process.hrtime`), the one clock every process of a machine shares:
 * `performance.timeOrigin` is read from the wall clock when each process starts, and a clock step
 * between two starts once put a baseline server 12 s apart from its clients.
 */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** A server under test (Juri or a bare socket.io server) to the orchestrator. */
export type ServerMessage =
	| { type: 'ready'; url: string; evaluationId?: string }
	/** `committedIn`: how long the command took to commit (Juri only), for the breakdown. */
	| { type: 'changed'; id: number; at: number; committedIn?: number }
	| { type: 'scoring' }
	| { type: 'memory'; usage: NodeJS.MemoryUsage }
	| { type: 'version'; version: number }
	| { type: 'jurors'; tokens: string[]; slotId: string };

/** A client worker to the orchestrator. */
export type WorkerMessage =
	| { type: 'ready'; connected: number; connectErrors: number }
	| { type: 'armed'; id: number }
	| { type: 'round'; id: number; lastAt: number; received: number }
	| { type: 'at-version'; at: number; behind: number }
	| { type: 'utilisation'; elu: number; resyncs: number; connectErrors: number; patchBytes: number }
	/** `latencies` of the measured submissions, `warmup` of those before them; `seconds`: from the first measured intended send to the last answer. */
	| { type: 'submitted'; latencies: number[]; warmup: number[]; refused: Record<string, number>; seconds: number; elu: number };

/** Starts a round, ends it or asks a worker something. */
export type OrchestratorMessage =
	| { type: 'arm'; id: number }
	| { type: 'measure' }
	| { type: 'report' }
	| { type: 'await-version'; version: number }
	| { type: 'submit'; url: string; tokens: string[]; slotId: string; perSecond: number; warmupSeconds: number; seconds: number }
	| { type: 'stop' };
