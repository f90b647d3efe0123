import type { EventZone } from '$lib/domain/setup/event-zone';
import { m } from '$lib/paraglide/messages';
import { zoneWords } from '$lib/shared/event-time';

/** A zone as a select offers it: "WITA — Asia/Makassar (UTC+8)", in the creation and settings forms. */
export const zoneOption = (zone: EventZone): string => m.settings_time_zone_option(zoneWords(zone));
