package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.Locale;

/**
 * How {@link CanonicalYaml} writes one scalar: plain when no YAML 1.1 or 1.2 reader could take it for anything but
 * this string, double-quoted otherwise; multi-line text as a literal block, or as double-quoted lines when a block
 * cannot carry it exactly.
 *
 * <p>The plain-scalar test is deliberately wider than any single resolver: everything that starts like a number
 * (after one sign, a digit, or a dot and a digit) is quoted, which covers YAML 1.1's octal, hexadecimal,
 * sexagesimal, timestamp and underscore forms without listing them; so are the 1.1 booleans in every case.
 */
final class YamlScalars {

    /** YAML 1.1 reads these as booleans or null (any case here, which is wider than both specs). */
    private static final String[] WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"};
    private static final int LONGEST_WORD = 5;
    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
    /** YAML requires implicit keys to be shorter than 1024 characters; longer ones use the {@code ? } form. */
    static final int LONGEST_IMPLICIT_KEY = 1000;

    private YamlScalars() {
    }

    /** A key or a single-line value: plain when that is safe, double-quoted on one line otherwise. */
    static String inline(String text) {
        return isPlain(text) ? text : quoted(text);
    }

    /** Appends {@code " value\n"}, or a block header and its lines indented to {@code indent}. */
    static void appendText(StringBuilder out, String text, int indent, boolean endsDocument) {
        if (text.indexOf('\n') < 0) {
            out.append(' ').append(inline(text)).append('\n');
        } else if (fitsLiteralBlock(text) && !(endsDocument && trailingBreaks(text) > 1)) {
            appendLiteral(out, text, indent);
        } else {
            appendQuotedLines(out, text, indent);
        }
    }

    /** Called for every key and scalar of every resource: it allocates nothing. */
    static boolean isPlain(String s) {
        if (s.isEmpty() || isWord(s) || s.equals("<<") || s.equals("=")
                || looksNumeric(s) || s.startsWith("---") || s.startsWith("...")
                || s.contains(": ") || s.contains(" #") || s.endsWith(":")) {
            return false;
        }
        char first = s.charAt(0);
        if (INDICATORS.indexOf(first) >= 0 && !(first == '-' && s.length() > 1 && s.charAt(1) != ' ')) {
            return false;
        }
        if (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!isPlainCharacter(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isWord(String s) {
        if (s.length() > LONGEST_WORD) {
            return false;
        }
        for (String word : WORDS) {
            if (word.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksNumeric(String s) {
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        int length = s.length() - start;
        if (length == 0) {
            return false;
        }
        char first = s.charAt(start);
        if (Character.isDigit(first) || first == '.' && length > 1 && Character.isDigit(s.charAt(start + 1))) {
            return true;
        }
        return length == 4 && (s.regionMatches(true, start, ".inf", 0, 4) || s.regionMatches(true, start, ".nan", 0, 4));
    }

    /**
     * Printable in YAML 1.1 and 1.2, no line break in either (NEL, LS and PS break lines in 1.1), and visible: tabs,
     * non-ASCII spaces and format characters (BOM, zero-width space) are escaped, so a reviewer sees them.
     */
    private static boolean isPlainCharacter(int c) {
        if (c <= 0x7F) {
            return c >= 0x20 && c <= 0x7E;
        }
        boolean printable = c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
        return printable && !Character.isSpaceChar(c) && !Character.isWhitespace(c)
                && Character.getType(c) != Character.FORMAT;
    }

    /**
     * A literal block keeps every character exactly when each line has only printable characters, no line ends in a
     * space (which editors and pre-commit hooks strip, silently changing the value) and some line holds text.
     */
    private static boolean fitsLiteralBlock(String s) {
        boolean hasText = false;
        for (String line : s.split("\n", -1)) {
            if (line.endsWith(" ") || !line.codePoints().allMatch(YamlScalars::isPlainCharacter)) {
                return false;
            }
            hasText |= !line.isEmpty();
        }
        return hasText;
    }

    private static int trailingBreaks(String s) {
        int count = 0;
        while (count < s.length() && s.charAt(s.length() - 1 - count) == '\n') {
            count++;
        }
        return count;
    }

    /**
     * {@code |} clips to one final line break, {@code |-} strips it, {@code |+} keeps them all. The indentation
     * indicator is written when the text starts with a space or a line break, where readers would otherwise guess
     * the indentation from the text itself.
     */
    private static void appendLiteral(StringBuilder out, String s, int indent) {
        int breaks = trailingBreaks(s);
        out.append(" |");
        if (s.charAt(0) == ' ' || s.charAt(0) == '\n') {
            out.append(CanonicalYaml.INDENT);
        }
        out.append(breaks == 0 ? "-" : breaks == 1 ? "" : "+").append('\n');
        String body = breaks == 0 ? s : s.substring(0, s.length() - 1);
        for (String line : body.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(" ".repeat(indent)).append(line);
            }
            out.append('\n');
        }
    }

    /**
     * One source line per output line, each ending in an escaped line break, so a diff stays line by line and no
     * line ends in a space. A leading space on a continuation line is escaped because readers drop it otherwise.
     */
    private static void appendQuotedLines(StringBuilder out, String s, int indent) {
        out.append(" \"");
        int start = 0;
        while (start < s.length()) {
            int end = s.indexOf('\n', start);
            end = end < 0 ? s.length() : end + 1;
            if (start > 0) {
                out.append("\\\n").append(" ".repeat(indent));
                if (s.charAt(start) == ' ') {
                    out.append('\\');
                }
            }
            escape(out, s.substring(start, end));
            start = end;
        }
        out.append("\"\n");
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        escape(out, s);
        return out.append('"').toString();
    }

    private static void escape(StringBuilder out, String s) {
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 0 -> out.append("\\0");
                case 0x85 -> out.append("\\N");
                case 0x2028 -> out.append("\\L");
                case 0x2029 -> out.append("\\P");
                default -> {
                    if (isPlainCharacter(c)) {
                        out.appendCodePoint(c);
                    } else if (c <= 0xFF) {
                        out.append("\\x").append(hex(c, 2));
                    } else if (c <= 0xFFFF) {
                        out.append("\\u").append(hex(c, 4));
                    } else {
                        out.append("\\U").append(hex(c, 8));
                    }
                }
            }
        });
    }

    private static String hex(int value, int digits) {
        String hex = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return "0".repeat(digits - hex.length()) + hex;
    }

    /**
     * Numbers as both YAML 1.1 and 1.2 read them back: integers as they are; floating-point numbers always with a
     * dot, and with a signed lower-case exponent ({@code 1.0e+20}), which YAML 1.1 requires.
     */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        String text;
        if (node.isBigDecimal()) {
            text = node.decimalValue().toString();
        } else if (node.isFloat()) {
            float value = node.floatValue();
            requireFinite(Float.isFinite(value), node);
            text = Float.toString(value);
        } else {
            double value = node.doubleValue();
            requireFinite(Double.isFinite(value), node);
            text = Double.toString(value);
        }
        int e = text.indexOf('E');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.indexOf('.') < 0) {
            mantissa += ".0";
        }
        if (e < 0) {
            return mantissa;
        }
        String exponent = text.substring(e + 1);
        return mantissa + "e" + (exponent.startsWith("-") || exponent.startsWith("+") ? "" : "+") + exponent;
    }

    private static void requireFinite(boolean finite, JsonNode node) {
        if (!finite) {
            // JSON has no such numbers and the compiler's YAML reader refuses them: a bug put it there.
            throw new IllegalArgumentException("a resource holds the number " + node + ", which YAML readers refuse");
        }
    }

    /** {@code !!binary}, which Jackson reads back as the same bytes. */
    static String binary(byte[] bytes) {
        return "!!binary \"" + Base64.getEncoder().encodeToString(bytes) + "\"";
    }
}
