/**
 * The time zone an evaluation runs in. Indonesia has three, none with daylight saving, so each is
 * a fixed offset from UTC: the domain computes event-local dates and times with the offset alone
 * (no Intl, no device zone), and pages name the zone with its Indonesian label ("08.00 WITA").
 */

export const EVENT_ZONES = {
	'Asia/Jakarta': { label: 'WIB', utcOffsetHours: 7 },
	'Asia/Makassar': { label: 'WITA', utcOffsetHours: 8 },
	'Asia/Jayapura': { label: 'WIT', utcOffsetHours: 9 }
} as const;

/** An evaluation's zone, as its IANA name. */
export type EventZone = keyof typeof EVENT_ZONES;

/** The zone of evaluations made before zones could be chosen, and of a new one unless chosen otherwise. */
export const DEFAULT_EVENT_ZONE: EventZone = 'Asia/Jakarta';

/** The zones in offset order (west to east), for a select. */
export const EVENT_ZONE_NAMES = Object.keys(EVENT_ZONES) as EventZone[];

export const isEventZone = (value: unknown): value is EventZone => typeof value === 'string' && Object.hasOwn(EVENT_ZONES, value);

/** "WIB", "WITA" or "WIT". */
export const zoneLabel = (zone: EventZone): string => EVENT_ZONES[zone].label;

/** How far the zone's clocks run ahead of UTC, in milliseconds. */
export const zoneOffsetMs = (zone: EventZone): number => EVENT_ZONES[zone].utcOffsetHours * 3_600_000;
