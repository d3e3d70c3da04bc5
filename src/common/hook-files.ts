/**
 * The files of a built charm's hook program (relgen build) that the drivers
 * need to know by name.
 */

/**
 * V8's cache of the compiled hook bundle, written in the charm directory by
 * the first hook that finds none (or one the running Node refuses): not
 * state, so the simulator's snapshots leave it out.
 */
export const CODE_CACHE_FILE = ".hook.bundle.cache";
