package dev.istiodsl.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts a {@link Tree} on disk as the whole content of the output folder, so that a compile never leaves a
 * half-written tree and never deletes what istiodsl does not own.
 *
 * <ol>
 *   <li>Leftovers of a run that died are cleaned up ({@link Leftovers}).</li>
 *   <li>The output folder is inspected ({@link OutputFolder}): a non-empty folder without {@code istiodsl.lock} is
 *   refused, and so is a user's file where the tree needs one; nothing has been written yet.</li>
 *   <li>The tree is compared with the files on disk. When no file is new, changed or gone and the lock file is the
 *   same, nothing is written, forced or swapped: the emit ends here.</li>
 *   <li>The whole new tree is built in a hidden sibling staging folder: new and changed files are written, then
 *   forced to the device together (several at once, so the file system can commit them in one go); an unchanged file is a hard link to the file of the current tree (no byte written, nothing to
 *   force: its content is already on the device), or a written copy where the file system has no hard links;
 *   files istiodsl does not own are copied over with their attributes; the lock file is written last; every
 *   folder of the staging tree is forced, since all its entries are new.</li>
 *   <li>Swap: the output folder is renamed aside, the staging folder renamed into its place, the old one deleted.
 *   Both renames are atomic within one file system.</li>
 * </ol>
 *
 * <p>Any failure up to the swap deletes the staging folder and leaves the previous tree as it was, byte for byte.
 * Limits: between the two renames (microseconds) the output path does not exist, and a crash there leaves the previous
 * tree beside it, which the next emit moves back; an output folder that is itself a mount point cannot be renamed and
 * fails before anything changes. Two emits into one folder must not run at once (the second's recovery would delete
 * the first's staging folder): callers hold the folder's {@link OutputLock}, as compile and promote do.
 */
public final class TreeEmitter {

    /** Writes one new file; tests replace it to fail on purpose. */
    @FunctionalInterface
    interface FileWriter {
        void write(Path file, byte[] content) throws IOException;
    }

    private final FileWriter writer;

    public TreeEmitter() {
        this(FileTrees::write);
    }

    TreeEmitter(FileWriter writer) {
        this.writer = writer;
    }

    /**
     * Whether a compile that died left anything beside the output (a staging folder, the previous tree) that the next
     * emit cleans up: a compile that would write nothing still emits then.
     */
    public static boolean leftoversBeside(Path outputDirectory) throws IOException {
        Path output = outputDirectory.toAbsolutePath().normalize();
        if (output.getParent() == null || !Files.isDirectory(output.getParent())) {
            return false;
        }
        return Leftovers.any(Files.isSymbolicLink(output) ? output.toRealPath() : output);
    }

    /** Emits a tree whose lock file records no inputs. */
    public EmitResult emit(Tree tree, Path outputDirectory) throws IOException, EmitException {
        return emit(tree, LockFile.Inputs.none(), outputDirectory);
    }

    /**
     * @param inputs          what each environment was compiled from, recorded in the lock file
     * @param outputDirectory created when missing; a symbolic link to a folder is followed and kept
     * @throws EmitException when the folder is not one istiodsl may replace (nothing changed)
     * @throws IOException   when writing fails (before the swap, nothing changed)
     */
    public EmitResult emit(Tree tree, LockFile.Inputs inputs, Path outputDirectory) throws IOException,
            EmitException {
        LockFile lock = LockFile.of(tree, inputs);
        Path output = outputDirectory.toAbsolutePath().normalize();
        if (output.getParent() == null) {
            throw new EmitException("The output folder cannot be the root of a file system: " + output);
        }
        Files.createDirectories(output.getParent());
        if (Files.isSymbolicLink(output)) {
            output = output.toRealPath();
        }
        Leftovers.recover(output);
        OutputFolder current = OutputFolder.inspect(output);
        current.refuseConflicts(tree);
        EmitResult result = current.compare(tree);
        byte[] lockBytes = lock.bytes();
        if (!result.changedAnything() && current.holdsLock(lockBytes)) {
            return result;
        }
        Set<String> fresh = new HashSet<>(result.added());
        fresh.addAll(result.changed());
        Path staging = Leftovers.createStaging(output);
        try {
            stage(tree, lockBytes, fresh, current, staging);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfter(staging, e);
            throw e;
        }
        swap(output, staging);
        return result;
    }

    /** @param fresh the files of the tree that are new or changed; the others are on disk as they are to be */
    private void stage(Tree tree, byte[] lock, Set<String> fresh, OutputFolder current, Path staging)
            throws IOException {
        Set<Path> created = new HashSet<>();
        List<Path> written = new ArrayList<>();
        for (String path : tree.paths()) {
            Path file = staging.resolve(path);
            if (created.add(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            if (fresh.contains(path) || !linked(current.path().resolve(path), file)) {
                writer.write(file, tree.content(path));
                written.add(file);
            }
        }
        for (String path : current.unowned()) {
            Path copy = staging.resolve(path);
            Files.createDirectories(copy.getParent());
            Files.copy(current.path().resolve(path), copy, StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
        }
        for (String path : current.emptyFolders()) {
            Files.createDirectories(staging.resolve(path));
        }
        writer.write(staging.resolve(LockFile.FILE_NAME), lock);
        written.add(staging.resolve(LockFile.FILE_NAME));
        // Forced together, after every write: the file system commits many at once, which one by one it cannot.
        FileTrees.force(written, folders(staging));
    }

    /** Links an unchanged file of the current tree into the staging tree; false where hard links cannot be made. */
    private static boolean linked(Path existing, Path link) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static List<Path> folders(Path root) throws IOException {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).forEach(folders::add);
        }
        return folders;
    }

    private static void swap(Path output, Path staging) throws IOException {
        Path old = null;
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            old = Leftovers.fresh(output, Leftovers.OLD);
            try {
                Files.move(output, old, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                FileTrees.deleteAfter(staging, e);
                throw new IOException("Could not move the previous tree " + output + " aside (a mount point cannot "
                        + "be renamed; use a folder inside it); it is unchanged", e);
            }
        }
        try {
            Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                try {
                    Files.move(old, output, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            FileTrees.deleteAfter(staging, e);
            throw e;
        }
        FileTrees.syncFolder(output.getParent());
        if (old != null) {
            try {
                FileTrees.deleteRecursively(old);
            } catch (IOException e) {
                throw new IOException("The new tree is in place in " + output + ", but the previous one could not be "
                        + "deleted from " + old + "; the next compile deletes it", e);
            }
        }
    }
}
