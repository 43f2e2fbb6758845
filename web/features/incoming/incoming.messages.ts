// Strings of the incoming screens, Chinese first; English must have every key.
export const incomingZh = {
} as const;

export const incomingEn: Record<keyof typeof incomingZh, string> = {
};
