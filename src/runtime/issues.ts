/** Validation findings about a databag: reported, never thrown, never carrying a value. */

export interface Issue {
  /** The wire key the issue is about (`""` for the bag as a whole). */
  readonly key: string;
  /** JSON pointer into the decoded bag, e.g. `/cluster-address` or `/endpoints/0`. */
  readonly pointer: string;
  /** What is wrong, without the value (values may be secrets). */
  readonly message: string;
}
