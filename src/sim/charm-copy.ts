/**
 * Each unit of the simulator runs in its own copy of its charm directory, as
 * under Juju, where a unit unpacks the charm into its own folder: what a hook
 * writes there (`.unit-state.json`, `.unit-status.json`, anything else) stays
 * with that unit and never reaches the user's charm or another unit.
 *
 * The copy is of the charm's real directory (a charm path that is a symbolic
 * link is resolved first), without the files a unit writes for itself
 * (`.unit-*`: left behind by a charm that was run in place, they are not part
 * of the charm). A symbolic link inside the charm is dereferenced: the unit
 * gets a copy of what it points to, so that writing through it cannot reach
 * the source. A link that leaves the charm (charmcraft does not pack those
 * either), points to nothing, or loops back to a folder that holds it is
 * refused, naming the link.
 */
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { CharmError } from "../juju/metadata.js";

/** What a unit writes into its charm directory (its state, its shown status, their temporary files). */
const UNIT_FILE = /^\.unit-/;

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * Walks the charm at its real path, checking every link; with `to`, copies it
 * there. `shown` is the charm path as the user gave it, for messages.
 */
function walk(root: string, dir: string, shown: string, ancestors: readonly string[], to: string | undefined): void {
  for (const name of readdirSync(dir).sort()) {
    if (UNIT_FILE.test(name)) continue;
    const path = join(dir, name);
    const named = join(shown, name);
    let real = path;
    let stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      const target = readlinkSync(path);
      try {
        real = realpathSync(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new CharmError(
          code === "ELOOP"
            ? `${named} is a symbolic link that loops (${target}): remove it`
            : `${named} is a symbolic link to nothing (${target}): remove it, or put what it names in the charm`,
        );
      }
      if (!within(real, root)) {
        throw new CharmError(`${named} is a symbolic link to ${target}, outside the charm: a unit would share it (and charmcraft would not pack it); copy what it points to into the charm instead`);
      }
      stat = statSync(real);
    }
    if (stat.isDirectory()) {
      if (ancestors.includes(real)) throw new CharmError(`${named} is a symbolic link to a folder that holds it (${readlinkSync(path)}): the charm would never end; remove the link`);
      if (to) mkdirSync(join(to, name));
      walk(root, real, named, [...ancestors, real], to && join(to, name));
    } else if (stat.isFile() && to) {
      copyFileSync(real, join(to, name)); // keeps the mode: dispatch and hooks stay executable
    }
    // Sockets and pipes are not part of a charm: not copied.
  }
}

/** Checks a charm directory's links (see above); returns its real path. Throws CharmError. */
export function checkCharmLinks(charm: string): string {
  const root = realpathSync(charm);
  walk(root, root, charm, [root], undefined);
  return root;
}

/** Copies the charm's real directory to `to` (which must not exist), dereferencing its links and leaving out `.unit-*` files. */
export function copyCharm(charm: string, to: string): void {
  const root = realpathSync(charm);
  mkdirSync(to);
  walk(root, root, charm, [root], to);
}
