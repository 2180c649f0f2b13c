package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.parse.MeshFormatter;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.util.AtomicFiles;
import dev.istiodsl.util.Utf8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Formats .istiodsl files on disk with {@link MeshFormatter}, for {@code istiodsl fmt} and {@code istiodsl:format}:
 * rewrites each file that is not in the canonical layout, or, when checking, only names them. A file with a syntax
 * error is left untouched and its diagnostics are reported.
 */
public final class Formatting {

    /** What a run found: the files not formatted (rewritten unless checking), and the syntax errors. */
    public record Outcome(List<String> unformatted, CompileResult result) {
        public boolean clean() {
            return unformatted.isEmpty() && !result.hasErrors();
        }
    }

    private Formatting() {
    }

    /**
     * Every .istiodsl file under {@code root}, sorted; folders named {@code target} or {@code node_modules} and
     * hidden folders are skipped, as build output and tools' folders.
     */
    public static List<Path> sources(Path root) {
        TreeSet<Path> found = new TreeSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(root) && (name.equals("target") || name.equals("node_modules")
                            || name.startsWith("."));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".istiodsl")) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the .istiodsl files under " + root, e);
        }
        return List.copyOf(found);
    }

    /**
     * Formats {@code files} (folders stand for every .istiodsl file under them), named in messages relative to
     * {@code base}. With {@code check}, nothing is written.
     */
    public static Outcome format(List<Path> files, Path base, boolean check) {
        List<String> unformatted = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        SourceSet sources = new SourceSet();
        for (Path file : expand(files)) {
            String shown = shown(base, file);
            String text;
            try {
                text = Utf8.decode(Files.readAllBytes(file));
            } catch (Utf8.Malformed e) {
                diagnostics.add(Diagnostic.error("Bind.FileNotReadable", SourceLocation.ofFile(shown), "cannot read "
                        + shown + ": " + e.getMessage(), null));
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + shown, e);
            }
            SourceFile source = new SourceFile(shown, Optional.of(file), text);
            sources.add(source);
            MeshFormatter.Result result = MeshFormatter.format(source);
            if (!result.formatted()) {
                diagnostics.addAll(result.diagnostics());
            } else if (!result.text().get().equals(text)) {
                unformatted.add(shown);
                if (!check) {
                    try {
                        AtomicFiles.write(file, result.text().get());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + shown, e);
                    }
                }
            }
        }
        return new Outcome(List.copyOf(unformatted), new CompileResult(Optional.empty(),
                diagnostics.stream().sorted().toList(), sources));
    }

    private static List<Path> expand(List<Path> files) {
        TreeSet<Path> all = new TreeSet<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            if (Files.isDirectory(absolute)) {
                all.addAll(sources(absolute));
            } else {
                all.add(absolute);
            }
        }
        return List.copyOf(all);
    }

    private static String shown(Path base, Path file) {
        Path root = base.toAbsolutePath().normalize();
        Path shown = file.startsWith(root) ? root.relativize(file) : file;
        return shown.toString().replace(java.io.File.separatorChar, '/');
    }
}
