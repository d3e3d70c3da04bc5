/** A secret's content type is a type of its own, not a member the bags' data type does not have (#23). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, expectTypeOf, it } from "vitest";
import type { MysqlClientProviderData, MysqlClientProviderSecretUser } from "../../generated/mysql_client/v0/provider.types.js";

it("the provider's data type holds its bags only, and the secret's content is declared beside it", () => {
  expectTypeOf<keyof MysqlClientProviderData>().toEqualTypeOf<"app">();
  expectTypeOf<MysqlClientProviderSecretUser>().toEqualTypeOf<{ username: string; password: string }>();
  const text = readFileSync(join(import.meta.dirname, "..", "..", "generated", "mysql_client", "v0", "provider.types.ts"), "utf8");
  const data = /export interface MysqlClientProviderData \{([^}]*)\}/.exec(text)![1]!;
  expect(data).not.toMatch(/content/i);
  expect(text).toContain("export interface MysqlClientProviderSecretUser {");
});
