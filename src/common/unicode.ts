/**
 * Text that is not valid Unicode: it holds a lone surrogate, which UTF-8
 * cannot carry (encoding it gives U+FFFD). Juju stores UTF-8 only: the
 * runtime refuses such a value before it is sent, and the one Juju refuses
 * it in a tool's argument as the real tools do.
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
