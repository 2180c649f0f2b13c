package dev.istiodsl.validate.schema.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The strings extension's {@code <string>.format(<list>)} (cel-go's strings library, version 1 and later, which the
 * API server enables): each clause takes the next argument. {@code %s} any value as text, {@code %d} an integer,
 * {@code %f} and {@code %e} a number with an optional precision ({@code %.2f}, 6 by default), {@code %b}, {@code %o},
 * {@code %x}, {@code %X} an integer in base 2, 8 or 16 (and {@code %x} a string or bytes as hex), {@code %%} a
 * percent sign.
 */
final class StringFormatFunction {

    private StringFormatFunction() {
    }

    static Library library() {
        return new Functions().member("format", "string_format", SimpleType.STRING,
                List.of(SimpleType.STRING, ListType.create(SimpleType.DYN)), List.of(String.class, List.class),
                args -> format((String) args[0], (List<?>) args[1]));
    }

    static String format(String template, List<?> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= template.length()) {
                throw Functions.invalid("unexpected end of format string after '%'");
            }
            if (template.charAt(i + 1) == '%') {
                out.append('%');
                i++;
                continue;
            }
            int precision = -1;
            int j = i + 1;
            if (template.charAt(j) == '.') {
                int start = ++j;
                while (j < template.length() && Character.isDigit(template.charAt(j))) {
                    j++;
                }
                if (j == start) {
                    throw Functions.invalid("missing precision after '.' in format string");
                }
                precision = Integer.parseInt(template.substring(start, j));
            }
            if (j >= template.length()) {
                throw Functions.invalid("unexpected end of format string after '%'");
            }
            char verb = template.charAt(j);
            if (next >= args.size()) {
                throw Functions.invalid("index " + next + " out of range");
            }
            out.append(clause(verb, precision, args.get(next++)));
            i = j;
        }
        return out.toString();
    }

    private static String clause(char verb, int precision, Object arg) {
        return switch (verb) {
            case 's' -> text(arg, false);
            case 'd' -> {
                if (arg instanceof Long || arg instanceof UnsignedLong) {
                    yield arg.toString();
                }
                throw Functions.invalid("decimal clause can only be used on integers, was given " + Ordering.kind(arg));
            }
            case 'f' -> fixed(number(arg, "fixed-point"), precision < 0 ? 6 : precision);
            case 'e' -> scientific(number(arg, "scientific"), precision < 0 ? 6 : precision);
            case 'b' -> integer(arg, 2, "binary");
            case 'o' -> integer(arg, 8, "octal");
            case 'x', 'X' -> {
                String hex = arg instanceof String s ? hex(s.getBytes(StandardCharsets.UTF_8))
                        : arg instanceof CelByteString b ? hex(b.toByteArray()) : integer(arg, 16, "hexadecimal");
                yield verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
            }
            default -> throw Functions.invalid("unrecognized formatting clause \"" + verb + "\"");
        };
    }

    private static double number(Object arg, String clause) {
        if (arg instanceof Double d) {
            return d;
        }
        if (arg instanceof Long l) {
            return l;
        }
        if (arg instanceof UnsignedLong u) {
            return u.doubleValue();
        }
        if (arg instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
            return Double.parseDouble(s);
        }
        throw Functions.invalid(clause + " clause can only be used on numbers, was given " + Ordering.kind(arg));
    }

    private static String special(double d) {
        return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }

    private static String fixed(double d, int precision) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return special(d);
        }
        return new BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String scientific(double d, int precision) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return special(d);
        }
        String s = String.format(Locale.ROOT, "%." + precision + "e", d);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static String integer(Object arg, int radix, String clause) {
        if (arg instanceof Long l) {
            return l < 0 ? "-" + Long.toString(-l, radix) : Long.toString(l, radix);
        }
        if (arg instanceof UnsignedLong u) {
            return u.bigIntegerValue().toString(radix);
        }
        if (radix == 2 && arg instanceof Boolean b) {
            return b ? "1" : "0";
        }
        throw Functions.invalid(clause + " clause can only be used on integers, was given " + Ordering.kind(arg));
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return out.toString();
    }

    /** The {@code %s} form of a value; strings nested in a list or map are quoted. */
    private static String text(Object arg, boolean nested) {
        if (arg instanceof String s) {
            return nested ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s;
        }
        if (arg instanceof Double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return special(d);
            }
            return d == Math.rint(d) && Math.abs(d) < 1e21 ? new BigDecimal(d).toPlainString()
                    : new BigDecimal(Double.toString(d)).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
        }
        if (arg instanceof CelByteString b) {
            return new String(b.toByteArray(), StandardCharsets.UTF_8);
        }
        if (arg instanceof Duration d) {
            return new BigDecimal(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros()
                    .toPlainString() + "s";
        }
        if (arg instanceof Instant t) {
            return t.toString();
        }
        if (arg instanceof NullValue || arg == null) {
            return "null";
        }
        if (arg instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(text(item, true)));
            return "[" + String.join(", ", items) + "]";
        }
        if (arg instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.entrySet().stream().map(e -> text(e.getKey(), true) + ": " + text(e.getValue(), true)).sorted()
                    .forEach(entries::add);
            return "{" + String.join(", ", entries) + "}";
        }
        return arg.toString();
    }
}
