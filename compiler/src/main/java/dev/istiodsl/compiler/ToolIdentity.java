package dev.istiodsl.compiler;

import dev.istiodsl.grammar.IstioDslParser;
import dev.istiodsl.util.Sha256;
import dev.istiodsl.validate.rules.Rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which istiodsl is running: a digest of the code it was loaded from (the compiler's jar, whose Maven descriptor names
 * every dependency's version; the grammar's and the standard library's; and the jar of every rule found on the class
 * path), not its version number, which a snapshot build keeps while its code changes. A record a
 * compile leaves for the next ({@link LastCompile}) holds only for the very same code.
 */
final class ToolIdentity {

    private static volatile String current;

    private ToolIdentity() {
    }

    /** Computed once per process: the code that runs is the code that was loaded. */
    static String current() {
        String known = current;
        if (known == null) {
            known = compute();
            current = known;
        }
        return known;
    }

    private static String compute() {
        SortedSet<String> sources = new TreeSet<>();
        List<Class<?>> classes = new ArrayList<>();
        classes.add(Compiler.class);
        // The built-in rules are in the compiler's jar; those found on the class path are named, not made.
        ServiceLoader.load(Rule.class, Compiler.class.getClassLoader()).stream()
                .forEach(provider -> classes.add(provider.type()));
        for (Class<?> type : classes) {
            sources.add(location(type).map(ToolIdentity::digest).orElse("unknown " + type.getName()));
        }
        // The grammar and the standard library (its version facts date end-of-life) are modules of their own.
        sources.add(location(IstioDslParser.class).map(ToolIdentity::digest).orElse("unknown grammar"));
        sources.add(resourceRoot(FACTS).map(ToolIdentity::digest).orElse("unknown " + FACTS));
        return Sha256.hex(String.join("\n", sources));
    }

    private static final String FACTS = "istiodsl/facts/istio-versions.yaml";

    /** The jar or folder a resource is read from. */
    private static Optional<Path> resourceRoot(String resource) {
        URL url = Compiler.class.getClassLoader().getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            if (url.getProtocol().equals("jar")) {
                return Optional.of(Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI()));
            }
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < Path.of(resource).getNameCount() && root != null; i++) {
                    root = root.getParent();
                }
                return Optional.ofNullable(root);
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Path> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A jar by its bytes; a folder of classes (a build, tests) by every file's path, size and modification time. */
    private static String digest(Path location) {
        try {
            if (Files.isRegularFile(location)) {
                return location + " " + Sha256.hex(location);
            }
            StringBuilder files = new StringBuilder(location.toString()).append('\n');
            try (Stream<Path> walk = Files.walk(location)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    files.append(location.relativize(file)).append(' ').append(attributes.size()).append(' ')
                            .append(attributes.lastModifiedTime().toMillis()).append('\n');
                }
            }
            return Sha256.hex(files.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read istiodsl's own code in " + location, e);
        }
    }
}
