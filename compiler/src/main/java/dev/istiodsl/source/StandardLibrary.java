package dev.istiodsl.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code std/NAME} library files shipped in the stdlib module, found on the classpath under
 * {@code istiodsl/std/}. The module list comes from {@code istiodsl/std/index}, so suggestions work from a jar.
 */
public final class StandardLibrary {

    private static final String ROOT = "istiodsl/std/";
    private final ClassLoader loader;

    public StandardLibrary(ClassLoader loader) {
        this.loader = loader;
    }

    public static StandardLibrary onClasspath() {
        return new StandardLibrary(StandardLibrary.class.getClassLoader());
    }

    /** {@code std/hardening} is module {@code hardening}; anything else under std/ is not a module name. */
    public static Optional<String> moduleName(String importTarget) {
        if (!importTarget.startsWith("std/")) {
            return Optional.empty();
        }
        return Optional.of(importTarget.substring("std/".length()));
    }

    public Optional<SourceFile> load(String module) {
        if (!module.matches("[a-z0-9][a-z0-9-]*")) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + module + ".istiodsl")) {
            if (in == null) {
                return Optional.empty();
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(new SourceFile("std/" + module + ".istiodsl", Optional.empty(), text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the standard library module " + module, e);
        }
    }

    /** Every module shipped, sorted. */
    public List<String> modules() {
        try (InputStream in = loader.getResourceAsStream(ROOT + "index")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the standard library index", e);
        }
    }
}
