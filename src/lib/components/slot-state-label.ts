import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { SlotState } from '$lib/domain/live/slot-machine';

/** Each state's words; a refusal that names a state words it with these too (refusal-text.ts). */
export const SLOT_STATE_LABELS: Record<SlotState, (inputs?: object, options?: { locale?: Locale }) => string> = {
	scheduled: m.state_scheduled,
	presenting: m.state_presenting,
	qa: m.state_qa,
	scoring: m.state_scoring,
	closed: m.state_closed,
	certified: m.state_certified,
	no_show: m.state_no_show
};

/** A slot's state in the reader's language, as the badges, queues, exports and print views show it. */
export const slotStateLabel = (state: SlotState): string => SLOT_STATE_LABELS[state]();
