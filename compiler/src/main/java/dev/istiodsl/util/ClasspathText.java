package dev.istiodsl.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Data files shipped in the compiler's jars: missing or unreadable ones are packaging bugs, so they throw. */
public final class ClasspathText {

    private ClasspathText() {
    }

    /**
     * @param shippedIn the jar that should hold it, for the message ("the stdlib jar")
     */
    public static String read(String resource, String shippedIn) {
        try (InputStream in = ClasspathText.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (" + shippedIn + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
