import { deepFreeze } from './freeze';
import type { Criterion, ScoringRules } from './types';

/** Every criterion of the preset is scored 0–100 in whole points. */
const SCALE = { min: 0, max: 100, step: 1 } as const;

/**
 * The Monev Keterbukaan Informasi Publik preset (KI Pusat). The official weights
 * are not public: these are an editable example. Stage weights follow the
 * public evidence for 2023 (SAQ 70 / presentation 30). Frozen: spread it into
 * a new object to make an evaluation's own rules.
 *
 * @example
 * computeResults({ ...MONEV_KIP_PRESET, bodies, slots });
 */
export const MONEV_KIP_PRESET: { rubric: Criterion[]; rules: ScoringRules } = deepFreeze({
	rubric: [
		{
			code: 'K1',
			name: 'Komitmen pimpinan',
			description:
				'Komitmen pimpinan badan publik terhadap keterbukaan informasi: kehadiran dan penyampaian langsung, kebijakan yang ditetapkan, serta dukungan anggaran dan SDM bagi PPID.',
			weight: 25,
			...SCALE
		},
		{
			code: 'K2',
			name: 'Kebijakan & strategi KIP',
			description:
				'Kebijakan, regulasi internal, dan strategi pelaksanaan UU 14/2008 tentang Keterbukaan Informasi Publik, termasuk standar layanan dan daftar informasi publik.',
			weight: 20,
			...SCALE
		},
		{
			code: 'K3',
			name: 'Inovasi & digitalisasi (SPBE)',
			description:
				'Inovasi layanan informasi publik dan pemanfaatan teknologi informasi dalam kerangka Sistem Pemerintahan Berbasis Elektronik (SPBE).',
			weight: 20,
			...SCALE
		},
		{
			code: 'K4',
			name: 'Kebermanfaatan informasi',
			description: 'Manfaat informasi yang dibuka bagi masyarakat, dengan bukti penggunaan dan dampaknya.',
			weight: 15,
			...SCALE
		},
		{
			code: 'K5',
			name: 'Aksesibilitas & inklusi',
			description: 'Kemudahan akses informasi bagi semua kalangan, termasuk layanan bagi penyandang disabilitas dan kelompok rentan.',
			weight: 10,
			...SCALE
		},
		{
			code: 'K6',
			name: 'Kolaborasi',
			description:
				'Kerja sama dengan pemangku kepentingan (masyarakat sipil, media, akademisi, badan publik lain) dalam keterbukaan informasi.',
			weight: 10,
			...SCALE
		}
	],
	rules: {
		stageWeights: { prior: 70, presentation: 30 },
		nonPresenter: 'prior_only',
		bands: [
			{ label: 'Informatif', min: 90 },
			{ label: 'Menuju Informatif', min: 80 },
			{ label: 'Cukup Informatif', min: 60 },
			{ label: 'Kurang Informatif', min: 40 },
			{ label: 'Tidak Informatif', min: 0 }
		],
		aggregation: {
			method: 'mean',
			trim: [
				{ minValid: 7, dropEachSide: 2 },
				{ minValid: 5, dropEachSide: 1 }
			],
			quorum: 2,
			normalise: false
		},
		tieBreak: [],
		divergenceTolerance: 15
	}
});
