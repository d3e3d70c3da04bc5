/**
 * Run by vitest for every test file (`setupFiles`): the cleanups that shared
 * support modules queue (test/support/temp.ts) run after each test and after
 * the file, whichever file imported those modules first.
 */
import { afterAll, afterEach } from "vitest";
import { runCleanups } from "./temp.js";

afterEach(() => runCleanups("test"));
afterAll(() => runCleanups("file"));
