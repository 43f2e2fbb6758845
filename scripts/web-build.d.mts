export const ROOT: string;
export function webBuildIsStale(root?: string): boolean;
export function ensureWebBuilt(opts?: { root?: string; log?: (msg: string) => void }): boolean;
