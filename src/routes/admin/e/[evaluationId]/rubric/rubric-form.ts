/**
 * The rubric form: one row of fields per criterion ('criteria.0.weight', 'criteria.0.levels.1.text'),
 * turned into criteria for `saveRubric`. Zod only reads numbers and lists; the domain's
 * `validateRubric` judges the rubric.
 */
import { z } from 'zod';
import { unflattenFields } from '$lib/domain/setup/evaluation-settings';
import { typedNumber } from '../settings/settings-form';

const text = () => z.string().trim().default('');

export const rubricForm = z.preprocess(
	(raw) => unflattenFields(raw as Record<string, unknown>),
	z.object({
		criteria: z
			.array(
				z.object({
					code: text(),
					name: text(),
					description: text(),
					weight: typedNumber(),
					min: typedNumber(),
					max: typedNumber(),
					step: typedNumber(),
					levels: z.array(z.object({ score: typedNumber(), text: text() })).optional()
				})
			)
			.default([])
	})
);
