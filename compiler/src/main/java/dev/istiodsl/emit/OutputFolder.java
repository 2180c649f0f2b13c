package dev.istiodsl.emit;

import dev.istiodsl.util.Utf8ByteOrder;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The output folder as it is before an emit: the files the lock says istiodsl owns, and everything else, which is
 * carried over untouched. A folder without a lock file is only accepted empty, because every emit replaces the
 * whole folder.
 *
 * @param path         absolute
 * @param owned        owned files present on disk, relative
 * @param unowned      other files and symbolic links, relative
 * @param emptyFolders folders without any entry, relative; istiodsl never writes one, so they are the user's
 */
record OutputFolder(Path path, SortedSet<String> owned, SortedSet<String> unowned, SortedSet<String> emptyFolders) {

    private static final int EXAMPLES = 3;

    OutputFolder {
        owned = Collections.unmodifiableSortedSet(owned);
        unowned = Collections.unmodifiableSortedSet(unowned);
        emptyFolders = Collections.unmodifiableSortedSet(emptyFolders);
    }

    static OutputFolder inspect(Path output) throws IOException, EmitException {
        SortedSet<String> owned = new TreeSet<>(Utf8ByteOrder.ORDER);
        SortedSet<String> unowned = new TreeSet<>(Utf8ByteOrder.ORDER);
        SortedSet<String> empty = new TreeSet<>(Utf8ByteOrder.ORDER);
        if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            return new OutputFolder(output, owned, unowned, empty);
        }
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new EmitException("The output " + output + " is a file, not a folder. Choose an empty or "
                    + "istiodsl-managed folder as the output.");
        }
        Path lock = output.resolve(LockFile.FILE_NAME);
        if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
            refuseUnlessEmpty(output);
            return new OutputFolder(output, owned, unowned, empty);
        }
        Set<String> listed = LockFile.read(lock).ownedFiles();
        Files.walkFileTree(output, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) throws IOException {
                try (Stream<Path> entries = Files.list(folder)) {
                    if (entries.findAny().isEmpty()) {
                        empty.add(FileTrees.relative(output, folder));
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String relative = FileTrees.relative(output, file);
                if (!relative.equals(LockFile.FILE_NAME)) {
                    (listed.contains(relative) ? owned : unowned).add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        empty.remove("");
        return new OutputFolder(output, owned, unowned, empty);
    }

    private static void refuseUnlessEmpty(Path output) throws IOException, EmitException {
        String[] entries;
        try (Stream<Path> list = Files.list(output)) {
            entries = list.map(entry -> entry.getFileName().toString()).sorted(Utf8ByteOrder.ORDER)
                    .toArray(String[]::new);
        }
        if (entries.length > 0) {
            throw new EmitException("The output folder " + output + " holds files istiodsl did not write ("
                    + String.join(", ", Arrays.asList(entries).subList(0, Math.min(EXAMPLES, entries.length)))
                    + (entries.length > EXAMPLES ? ", ..." : "") + ") and has no " + LockFile.FILE_NAME
                    + ". Every compile replaces the whole output folder, so it must be empty or one istiodsl "
                    + "manages: choose an empty or istiodsl-managed folder as the output. Nothing was changed.");
        }
    }

    /** Refuses to emit when a user's file or folder stands where the compiler now writes, or is to make a folder. */
    void refuseConflicts(Tree tree) throws EmitException {
        for (String file : unowned) {
            Optional<String> conflict = tree.conflictWith(file);
            if (conflict.isPresent()) {
                throw conflict(file, conflict.get());
            }
        }
        for (String folder : emptyFolders) {
            Optional<String> conflict = tree.conflictWith(folder).filter(path -> !path.startsWith(folder + "/"));
            if (conflict.isPresent()) {
                throw conflict(folder + "/", conflict.get());
            }
        }
    }

    private EmitException conflict(String users, String compilers) {
        return new EmitException(path.resolve(users) + " was not written by istiodsl, but the compiler now writes "
                + compilers + (users.equals(compilers) ? "" : ", which needs that place") + ". Move it out of the "
                + "output folder (or out of the way) and compile again. Nothing was changed.");
    }

    /** Whether the lock file on disk has exactly these bytes. */
    boolean holdsLock(byte[] lock) throws IOException {
        Path file = path.resolve(LockFile.FILE_NAME);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && holds(file, lock);
    }

    /**
     * Whether the file at {@code relative} has these bytes; the size is compared first, so a changed file is seldom
     * read.
     */
    boolean holds(String relative, byte[] content) throws IOException {
        return holds(path.resolve(relative), content);
    }

    private static boolean holds(Path file, byte[] content) throws IOException {
        return Files.size(file) == content.length && Arrays.equals(Files.readAllBytes(file), content);
    }

    /** What an emit carries over untouched: the files istiodsl does not own, and empty folders (with a {@code /}). */
    List<String> kept() {
        SortedSet<String> kept = new TreeSet<>(Utf8ByteOrder.ORDER);
        kept.addAll(unowned);
        emptyFolders.forEach(folder -> kept.add(folder + "/"));
        return List.copyOf(kept);
    }
}
