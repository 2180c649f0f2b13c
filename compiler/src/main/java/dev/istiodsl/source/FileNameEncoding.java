package dev.istiodsl.source;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Locale;
import java.util.Optional;

/**
 * The one thing about file names the compiler cannot make independent of the machine: Java 17 turns a file name into
 * bytes with {@code sun.jnu.encoding}, which it takes from the locale when it starts ({@code LC_ALL}, {@code LC_CTYPE},
 * {@code LANG}) and lets nothing change, not {@code -Dsun.jnu.encoding} nor {@code -Dfile.encoding}. Under
 * {@code LC_ALL=C}, or with no locale at all, that is US-ASCII, and a file named {@code räder.yaml} cannot be opened.
 * What can be done is to say so plainly: which name, which encoding, which locale, and how to run instead.
 */
final class FileNameEncoding {

    static final String HINT = "run the build under a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (Java 17 takes the encoding "
            + "of file names from the locale alone; -Dsun.jnu.encoding is ignored), or rename the file in ASCII";

    private FileNameEncoding() {
    }

    /**
     * Why this JVM cannot name a file {@code written}: the first character its file-name encoding has no bytes for,
     * the encoding and the locale; empty when it can.
     */
    static Optional<String> unencodable(String written) {
        String name = System.getProperty("sun.jnu.encoding", "");
        CharsetEncoder encoder;
        try {
            encoder = Charset.forName(name).newEncoder();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int bad = written.codePoints().filter(c -> !encoder.canEncode(new String(Character.toChars(c))))
                .findFirst().orElse(-1);
        if (bad < 0) {
            return Optional.empty();
        }
        return Optional.of("this JVM encodes file names in " + name + " (" + locale() + "), which has no '"
                + escaped(new String(Character.toChars(bad))) + "'");
    }

    /** The name with every character outside printable ASCII written as {@code \\uXXXX}, for any terminal. */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return out.toString();
    }

    /** The locale variable the C library took the character set from, as it reads them: LC_ALL, LC_CTYPE, LANG. */
    private static String locale() {
        for (String variable : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                return "the locale is " + variable + "=" + value;
            }
        }
        return "no locale is set: LC_ALL, LC_CTYPE and LANG are empty";
    }
}
