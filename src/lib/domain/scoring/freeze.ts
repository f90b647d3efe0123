/**
 * Freezes a plain-data object and every object it holds, so a published
 * snapshot cannot be changed by a component that meant to sort or edit a copy.
 */
export function deepFreeze<T extends object>(value: T): T {
	Object.freeze(value);
	for (const child of Object.values(value)) {
		if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
	}
	return value;
}
