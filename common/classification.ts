// Classification levels (密级), low to high. "Classified" means SECRET (秘密) and above (DESIGN.md §4).
export const Classification = {
  PUBLIC: 0,
  INTERNAL: 1,
  SECRET: 2,
  CONFIDENTIAL: 3,
  TOP_SECRET: 4,
} as const;
export type ClassificationLevel = (typeof Classification)[keyof typeof Classification];

export const CLASSIFICATION_LABELS: Record<number, { zh: string; en: string }> = {
  0: { zh: '公开', en: 'Public' },
  1: { zh: '内部', en: 'Internal' },
  2: { zh: '秘密', en: 'Secret' },
  3: { zh: '机密', en: 'Confidential' },
  4: { zh: '绝密', en: 'Top secret' },
};

export const isClassified = (level: number): boolean => level >= Classification.SECRET;
