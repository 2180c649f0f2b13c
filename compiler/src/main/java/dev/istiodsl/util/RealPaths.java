package dev.istiodsl.util;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a path really leads once the file system has followed its symbolic links, whether or not it exists yet: the
 * question "is this inside the project?" has to be asked of that place, because a link anywhere along the path
 * ({@code deploy -> /elsewhere}) takes every file written below it there.
 */
public final class RealPaths {

    /** As Linux's {@code MAXSYMLINKS}: more links than this in one path is a loop. */
    private static final int MAX_LINKS = 40;

    private RealPaths() {
    }

    /**
     * The real path of {@code path}'s deepest existing ancestor, with the names below it that do not exist yet
     * appended. A link whose target does not exist (yet) is followed to that target.
     *
     * @throws FileSystemException when the links go round in a loop
     */
    public static Path of(Path path) throws IOException {
        return of(path.toAbsolutePath(), 0);
    }

    private static Path of(Path absolute, int links) throws IOException {
        if (links > MAX_LINKS) {
            throw new FileSystemException(absolute.toString(), null, "too many levels of symbolic links");
        }
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            if (Files.isSymbolicLink(existing)) {
                // A dangling link: what is created through it lands at its target.
                Path target = Files.readSymbolicLink(existing);
                Path parent = existing.getParent();
                return append(of(parent == null ? target : parent.resolve(target), links + 1), missing);
            }
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        return existing == null ? absolute.normalize() : append(existing.toRealPath(), missing);
    }

    private static Path append(Path real, Deque<Path> names) {
        Path path = real;
        for (Path name : names) {
            path = path.resolve(name);
        }
        return path.normalize();
    }

    /** Whether {@code path}, links followed, lies strictly inside {@code folder}, links followed. */
    public static boolean strictlyInside(Path path, Path folder) throws IOException {
        Path real = of(path);
        Path root = of(folder);
        return real.startsWith(root) && !real.equals(root);
    }
}
