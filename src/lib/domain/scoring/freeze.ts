/**
 * Freezes acyclic plain data (objects and arrays) and everything it holds, so
 * a published snapshot cannot be changed by a component that meant to sort or
 * edit a copy. Indexed loops and for…in, not Object.values: this runs on every
 * recomputation and walks thousands of small objects.
 */
export function deepFreeze<T extends object>(value: T): T {
	Object.freeze(value);
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const child: unknown = value[i];
			if (typeof child === 'object' && child !== null) deepFreeze(child);
		}
	} else {
		for (const key in value) {
			const child: unknown = value[key];
			if (typeof child === 'object' && child !== null) deepFreeze(child);
		}
	}
	return value;
}
