// Strings of the outgoing screens, Chinese first; English must have every key.
export const outgoingZh = {
} as const;

export const outgoingEn: Record<keyof typeof outgoingZh, string> = {
};
