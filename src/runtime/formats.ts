/**
 * String formats checked by generated validators, and the two helpers that
 * ajv's standalone code needs at run time. They live in the runtime so that
 * generated code never imports ajv or ajv-formats: a hook starts fast.
 *
 * The registry also uses pydantic's nonstandard formats (`ipvanyaddress`,
 * `ipvanynetwork`, `ipvanyinterface`, `path`); they are checked here too.
 */

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|[+-]\d\d(?::?\d\d)?)$/i;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const URI_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !/^[0-9a-f:.]+$/i.test(s)) return false;
  let head = s;
  let groupsFromV4 = 0;
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    head = s.slice(0, lastColon + 1) + "0";
    groupsFromV4 = 1;
  }
  const halves = head.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | null => {
    if (part === "") return [];
    const g = part.split(":");
    return g.every((x) => /^[0-9a-f]{1,4}$/i.test(x)) ? g : null;
  };
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (!left || !right) return false;
  const count = left.length + right.length + groupsFromV4;
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isNetwork(s: string): boolean {
  const slash = s.indexOf("/");
  if (slash < 0) return isIpv4(s) || isIpv6(s);
  const addr = s.slice(0, slash);
  const prefix = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  if (isIpv4(addr)) return Number(prefix) <= 32;
  return isIpv6(addr) && Number(prefix) <= 128;
}

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

function isTime(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) < 61;
}

function isDateTime(s: string): boolean {
  const t = s.search(/[tT ]/);
  return t > 0 && isDate(s.slice(0, t)) && isTime(s.slice(t + 1));
}

function isUri(s: string): boolean {
  return URI_SCHEME.test(s) && !/[\s<>"{}|\\^`]/.test(s);
}

/** Format name -> checker. Every value is a plain function of a string. */
export const formats: Readonly<Record<string, (s: string) => boolean>> = Object.freeze({
  ipv4: isIpv4,
  ipv6: isIpv6,
  ipvanyaddress: (s: string) => isIpv4(s) || isIpv6(s),
  ipvanynetwork: isNetwork,
  ipvanyinterface: isNetwork,
  hostname: (s: string) => HOSTNAME.test(s),
  uuid: (s: string) => UUID.test(s),
  date: isDate,
  time: isTime,
  "date-time": isDateTime,
  email: (s: string) => EMAIL.test(s),
  uri: isUri,
  "uri-reference": (s: string) => !/[\s<>"{}|\\^`]/.test(s),
  path: (s: string) => s.length > 0 && !s.includes("\0"),
  // An annotation (pydantic's SecretStr): any string is a valid password.
  password: () => true,
});

export const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(formats));

/** String length in code points, as JSON Schema counts it. */
export function ucs2length(s: string): number {
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    length++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return length;
}

/** Structural equality of JSON values (for `const`, `enum` and `uniqueItems`). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
