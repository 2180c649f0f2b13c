package dev.istiodsl.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Strict UTF-8 decoding that says where a file stops being UTF-8, instead of the JDK's bare "Input length = 1". */
public final class Utf8 {

    private Utf8() {
    }

    /** Bytes that are not UTF-8; the message says where the first such byte is. */
    public static final class Malformed extends IOException {
        Malformed(int offending, int line, int column) {
            super(String.format(Locale.ROOT, "not UTF-8 text: byte 0x%02X at line %d, column %d", offending, line,
                    column));
        }
    }

    /** The text of {@code bytes}, which must be UTF-8 throughout. */
    public static String decode(byte[] bytes) throws Malformed {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw malformed(bytes, in.position(), out.flip().toString());
        }
        return out.flip().toString();
    }

    /** Line and column (in characters, 1-based) of the first bad byte, counted in the text before it. */
    private static Malformed malformed(byte[] bytes, int offset, String before) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == before.length() || before.charAt(i + 1) != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = before.codePointCount(lineStart, before.length()) + 1;
        return new Malformed(bytes[Math.min(offset, bytes.length - 1)] & 0xFF, line, column);
    }
}
