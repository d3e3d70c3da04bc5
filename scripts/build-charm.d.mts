/** Bundles one hook entry point (TypeScript or JavaScript) into a single ES module file. */
export function bundleHook(entry: string, outfile: string): Promise<void>;
