#!/usr/bin/env python3
"""Test vectors for src/runtime/codec.ts, produced by real Python.

    python3 scripts/make-codec-vectors.py dumps > test/fixtures/codec/python-json-dumps.json
    python3 scripts/make-codec-vectors.py loads > test/fixtures/codec/python-json-loads.json

`dumps` pairs Python values with `json.dumps(value, sort_keys=True)`.
`loads` pairs raw databag strings with what the reactive JSON view reads:
`json.loads(raw)`, or the raw string when that raises ValueError, and the
Python truthiness of that result.

Values are written as tagged nodes that JavaScript can rebuild exactly:
    {"null": true} {"bool": b} {"int": "<decimal digits>"} {"float": "<repr>"}
    {"str": s} {"list": [node, ...]} {"dict": [[key, node], ...]}
Dict pairs keep Python's insertion order (deliberately unsorted). The file is
written with ensure_ascii=True, so lone surrogates survive as `\\udXXX`
escapes that JSON.parse turns back into the same UTF-16 code units. No string
holds a lone high surrogate directly followed by a lone low one: JavaScript
could not tell that apart from a real pair.

The output is deterministic (fixed random seed).
"""

import json
import math
import random
import struct
import sys


def tag(x):
    if x is None:
        return {"null": True}
    if isinstance(x, bool):
        return {"bool": x}
    if isinstance(x, int):
        return {"int": str(x)}
    if isinstance(x, float):
        return {"float": repr(x)}
    if isinstance(x, str):
        return {"str": x}
    if isinstance(x, list):
        return {"list": [tag(v) for v in x]}
    if isinstance(x, dict):
        return {"dict": [[k, tag(v)] for k, v in x.items()]}
    raise TypeError(type(x))


def is_high(c):
    return 0xD800 <= ord(c) <= 0xDBFF


def is_low(c):
    return 0xDC00 <= ord(c) <= 0xDFFF


def check_js_safe(x):
    """Reject strings that JavaScript would read back as a different value."""
    if isinstance(x, str):
        for a, b in zip(x, x[1:]):
            assert not (is_high(a) and is_low(b)), repr(x)
    elif isinstance(x, list):
        for v in x:
            check_js_safe(v)
    elif isinstance(x, dict):
        for k, v in x.items():
            check_js_safe(k)
            check_js_safe(v)


# --------------------------------------------------------------------------
# dumps
# --------------------------------------------------------------------------

def fixed_cases():
    cases = []

    def add(name, value):
        cases.append((name, value))

    # The interface's own values and plain ASCII.
    for s in ["10.10.10.10", "clusteruser", "Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5", "", " ", "hello world", "~!@#$%^&*()_+`-={}|[]:;'<>?,./"]:
        add("ascii " + repr(s), s)
    # Quotes and backslashes (and the solidus, which Python leaves alone).
    for s in ['say "hi"', "C:\\path\\to", '\\"', '"', "\\", "a/b", "</script>"]:
        add("escape " + repr(s), s)
    # Every C0 control character and DEL, one by one and together.
    for c in list(range(0x20)) + [0x7F]:
        add("control U+%04X" % c, "a" + chr(c) + "b")
    add("all controls", "".join(chr(c) for c in list(range(0x20)) + [0x7F]))
    # Non-ASCII in the BMP, including the characters the transport must escape.
    for s in ["é", "ß", "日本語", "naïve café", "Ωμέγα", "\u0080", "\u0085", "\u009f", "\u00a0", "\u00ff",
              "\u0100", "\u07ff", "\u0800", "\u2028", "\u2029", "\ud7ff", "\ue000", "\ufeff", "\ufffd",
              "\ufffe", "\uffff"]:
        add("bmp " + ascii(s), s)
    # Astral characters: surrogate pairs in the output.
    for s in ["😀", "\U00010000", "\U0010ffff", "a😀b", "👩‍👩‍👧", "𝄞 music"]:
        add("astral " + ascii(s), s)
    # Lone surrogates (never a high directly followed by a low).
    for s in ["\ud800", "\udbff", "\udc00", "\udfff", "x\udc00y", "\ud83d", "\ude00", "\ude00\ud83d", "\ud800x\udc00"]:
        add("lone surrogate " + ascii(s), s)

    # Containers and key order.
    add("empty list", [])
    add("empty dict", {})
    add("true", True)
    add("false", False)
    add("null", None)
    add("list of scalars", [1, "a", None, True, False, 1.5, [], {}])
    add("nested unsorted", {"b": 1, "a": {"d": [], "c": {}}, "c": [{"z": 1, "y": 2}, [3, [4, {}]]]})
    add("code point vs UTF-16 order", {"\uffff": 1, "\U00010000": 2, "\ue000": 3, "z": 4, "\U0010ffff": 5, "\ud7ff": 6})
    add("lone surrogate keys", {"\ue000": 1, "\udc00": 2, "\U00010000": 3, "\ud800": 4, "\ud7ff": 5, "\uffff": 6})
    add("prefix keys", {"ab": 1, "a": 2, "": 3, "abc": 4, "a\x00": 5, "b": 6})
    add("astral after shared high surrogate",
        {"\U0001f600": 1, "\U0001f601": 2, "\U0001f5ff": 3, "\U0001f600x": 4, "\ud83dx": 5, "\ud83d": 6, "\ud83d\ue000": 7})
    add("special keys", {"__proto__": 1, "constructor": 2, "prototype": 3, "toString": 4, "hasOwnProperty": 5})
    add("numeric-looking keys", {"10": 1, "9": 2, "1": 3, "01": 4, "-1": 5, "1.5": 6, "a": 7})
    add("non-ascii keys", {"é": 1, "e": 2, "z": 3, "日": 4, "😀": 5, "\u2028": 6})
    add("peer databag", {"cluster-address": "10.5.0.21", "unit-clustered": True, "unit-configure-ready": True,
                         "cluster-user": "clusteruser", "cluster-password": None})

    # Ints (Python prints every digit).
    for n in [0, 1, -1, 42, -5, 123456789, 2**31, 2**32, 2**53 - 1, 2**53, 2**53 + 1, -(2**53), 2**60, 10**16,
              10**20, -(10**20), 2**64, 10**21, 10**22, int(1e300), -int(1.7976931348623157e308)]:
        add("int " + str(n)[:24], n)

    # Floats.
    floats = [1.0, -1.0, 0.0, -0.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, -1.5, 100.0, 1e15, 1e16, 1.5e16, 1e17, 1e-5, 1e-4,
              1.5e-5, 0.00009999999999999999, 9999999999999998.0, 123456789.123, 123456789012345680.0,
              1e21, 1e22, 1e23, 1e300, -1e300, 1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, -5e-324,
              1e-7, 1e-320, 0.5, 1e100, 1.2345e-10, math.pi, math.e, float("nan"), float("inf"), float("-inf")]
    for f in floats:
        add("float " + repr(f), f)
    return cases


def random_string(rng, n):
    pools = [
        (0x20, 0x7E), (0x00, 0x1F), (0x7F, 0x9F), (0xA0, 0x7FF), (0x800, 0xD7FF),
        (0xD800, 0xDFFF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF),
    ]
    out = []
    while len(out) < n:
        lo, hi = rng.choice(pools)
        c = chr(rng.randint(lo, hi))
        if out and is_high(out[-1]) and is_low(c):
            continue
        out.append(c)
    return "".join(out)


def random_float(rng):
    kind = rng.randrange(4)
    if kind == 0:  # any finite double, from random bits
        while True:
            f = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
            if math.isfinite(f):
                return f
    if kind == 1:  # log-uniform around the notation switch points
        return rng.choice([1, -1]) * 10 ** rng.uniform(-8, 20)
    if kind == 2:  # short decimals
        return round(rng.uniform(-1e6, 1e6), rng.randrange(0, 6))
    return float(rng.randint(-(2**62), 2**62))  # integral floats


def random_value(rng, depth):
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.choice([rng.randint(-1000, 1000), rng.randint(-(2**70), 2**70)])
    if kind == 3:
        return random_float(rng)
    if kind in (4, 5):
        return random_string(rng, rng.randrange(0, 8))
    if kind == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    return {random_string(rng, rng.randrange(0, 4)): random_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))}


def dumps_cases():
    rng = random.Random(20240611)
    cases = fixed_cases()
    for i in range(300):
        f = random_float(rng)
        cases.append(("random float %d %r" % (i, f), f))
    for i in range(120):
        cases.append(("random value %d" % i, random_value(rng, 0)))
    out = []
    for name, value in cases:
        check_js_safe(value)
        out.append({"name": name, "input": tag(value), "dumps": json.dumps(value, sort_keys=True)})
    return out


# --------------------------------------------------------------------------
# loads
# --------------------------------------------------------------------------

LOADS_RAW = [
    # The interface's raw and JSON values.
    "10.0.0.11", "10.5.0.21/32", '"10.5.0.21"', '"x"', "true", "false", "null", '""', "[]", "{}", "0", "0.0",
    '"false"', '"\\u00e9t\\u00e9"', '"\\ud83d\\ude00"', '"\\ud800"', "1", "-1", "1.0", "1.5", "1e400", "-1e400",
    "-0", "[-0]", "-0.0", "12345678901234567890", "1E2", "1e-2",
    # Python's extension.
    "NaN", "Infinity", "-Infinity", "[Infinity]", '{"a": -Infinity}', "[NaN, -Infinity, Infinity]",
    '[NaN, "x", {"__proto__": NaN, "constructor": Infinity}]', '{"k" : Infinity }', "[1 , NaN ]",
    '{"a": NaN, "a": 1}', '{"nested": [[{"deep": [NaN]}]], "s": "Infinity \\" NaN"}',
    # Whitespace.
    " 1 ", "\t\n\r 1\r\n", "  NaN  ", "\n[\tInfinity\r]\n", " ", "\u00a01", "\ufeff1", "\u20281", "\x0b1",
    # Near misses that Python rejects (the raw string is returned).
    "-NaN", "+1", "+Infinity", "nan", "inf", "infinity", "-infinity", "NaNx", "Infinity1", "[NaN]x", "[NaN,]",
    '{"a": NaN,}', "{NaN: 1}", "[NaN", "01", "1.", ".5", "1e", "-", "--1", "True", "None", "'x'",
    '"a\tb"', '"unterminated', '"\\x41"', "[1,]", '{"a":1,}', "[1 2]", '{"a" 1}', "Infinity Infinity",
    '["NaN", Infinit]', "[-Infinityx]", "[- Infinity]", '"\\uZZZZ" NaN',
    # Special keys.
    '{"__proto__": {"polluted": 1}}', '{"__proto__": [NaN], "prototype": {"x": Infinity}}',
]


def loads_cases():
    out = []
    for raw in LOADS_RAW:
        try:
            value = json.loads(raw)
            result = {"value": tag(value), "truthy": bool(value)}
        except ValueError:
            result = {"raw": True, "truthy": bool(raw)}
        out.append({"raw": raw, **result})
    return out


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which == "dumps":
        cases = dumps_cases()
    elif which == "loads":
        cases = loads_cases()
    else:
        sys.exit("usage: make-codec-vectors.py dumps|loads")
    doc = {
        "generator": "scripts/make-codec-vectors.py " + which,
        "python": sys.version.split()[0],
        "cases": cases,
    }
    sys.stdout.write(json.dumps(doc, ensure_ascii=True, indent=1) + "\n")


if __name__ == "__main__":
    main()
