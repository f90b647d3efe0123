/** What pages need of the jurors' own tools: their private notes on a slot. */
import type { JurorNotes } from '$lib/domain/live/juror-notes';
import type { EventZone } from '$lib/domain/setup/event-zone';

export interface SlotNotes {
	slotId: string;
	bodyName: string;
	panelId: string;
	panelName: string;
	certified: boolean;
	timeZone: EventZone;
	criteria: { code: string; name: string }[];
	/** Every seated juror in seat order; revision null: no sheet, notes null: a sheet without notes. */
	jurors: { id: string; name: string; revision: number | null; notes: JurorNotes | null }[];
}
