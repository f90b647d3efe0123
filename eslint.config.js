import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript already reports undefined names, with types.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// Juri is served at the root (no `paths.base`), so plain hrefs are already resolved.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		// Spreadsheets are written only through csvFile/xlsxFile, which neutralise formulas in every
		// cell. (Reading CSV with Papa.parse stays free.)
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/lib/server/export/spreadsheet.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ name: 'exceljs', message: 'Write spreadsheets with csvFile/xlsxFile ($lib/server/export/spreadsheet): they neutralise formulas.' }
			],
			'no-restricted-properties': [
				'error',
				{
					object: 'Papa',
					property: 'unparse',
					message: 'Write CSV with csvFile ($lib/server/export/spreadsheet): it neutralises formulas.'
				}
			]
		}
	},
	{ ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'node_modules/', 'test-results/', 'playwright-report/'] }
);
