package dev.istiodsl.util;

import java.util.Comparator;

/**
 * Strings in the order of their UTF-8 bytes, which is code point order. {@link String#compareTo} compares UTF-16 code
 * units instead and puts characters above U+FFFF before U+E000..U+FFFF; sorting by bytes gives the order that
 * {@code sort}, git and every other language agree on.
 */
public final class Utf8ByteOrder {

    public static final Comparator<String> ORDER = Utf8ByteOrder::compare;

    private Utf8ByteOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
