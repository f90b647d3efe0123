import type { Ack, SlotCommandInput } from '$lib/shared/contracts';
import type { JuriSocket } from './socket';

/** Sends a chair command and waits for the server's verdict; a lost link reads as a timeout. */
export async function sendSlotCommand(socket: JuriSocket, input: SlotCommandInput): Promise<Ack<{ state: string }>> {
	try {
		return await socket.timeout(8000).emitWithAck('slot.command', input);
	} catch {
		return { ok: false, error: { code: 'internal', reason: 'no_answer', message: 'timeout' } };
	}
}
