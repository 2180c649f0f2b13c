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
 *   refused; nothing has been written yet.</li>
 *   <li>The tree is handed over part by part ({@link Staging}, one environment's folder at a time, so that the whole
 *   tree is never in memory): a user's file where a part needs one is refused; each file is compared with the file
 *   on disk, and a new or changed one is written into a hidden sibling staging folder (made on the first such file);
 *   only paths and digests are kept.</li>
 *   <li>When no file is new, changed or gone and the lock file is the same, nothing is written, forced or swapped:
 *   the emit ends here.</li>
 *   <li>Otherwise the staging folder is completed: an unchanged file is a hard link to the file of the current tree
 *   (no byte written, nothing to force: its content is already on the device), or a written copy where the file
 *   system has no hard links; files istiodsl does not own are copied over with their attributes; the lock file is
 *   written last; then every written file, and every folder of the staging tree (all its entries are new), is
 *   forced to the device, several at once, so the file system can commit them in one go.</li>
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
        try (Staging staging = open(outputDirectory)) {
            staging.add(tree);
            return staging.finish(inputs);
        }
    }

    /**
     * Starts an emit whose tree is handed over part by part ({@link Staging#add}), each part's bytes free to go once
     * it is added: leftovers are cleaned up and the output folder inspected; nothing is written yet.
     *
     * @param outputDirectory created when missing; a symbolic link to a folder is followed and kept
     * @throws EmitException when the folder is not one istiodsl may replace (nothing changed)
     */
    public Staging open(Path outputDirectory) throws IOException, EmitException {
        Path output = outputDirectory.toAbsolutePath().normalize();
        if (output.getParent() == null) {
            throw new EmitException("The output folder cannot be the root of a file system: " + output);
        }
        Files.createDirectories(output.getParent());
        if (Files.isSymbolicLink(output)) {
            output = output.toRealPath();
        }
        Leftovers.recover(output);
        return new Staging(OutputFolder.inspect(output));
    }

    /**
     * One emit, its tree handed over in parts (an environment's folder at a time): each file is compared with the
     * tree on disk, a new or changed one is written into the staging folder at once (made on the first such file),
     * and only its path and digest are kept, for the lock file. {@link #finish} links the unchanged files in and swaps
     * the staging folder in, or does nothing at all when nothing changed; {@link #close} without {@code finish} (an
     * error was reported, or a part refused) deletes the staging folder, the tree on disk untouched.
     */
    public final class Staging implements AutoCloseable {

        private final OutputFolder current;
        private final Digests digests = new Digests();
        private final List<String> added = new ArrayList<>();
        private final List<String> changed = new ArrayList<>();
        private final List<String> unchanged = new ArrayList<>();
        /** Relative paths, the very strings of the tree (a tree has many files: no more is kept of each). */
        private final Set<String> created = new HashSet<>();
        private final List<String> written = new ArrayList<>();
        private Path staging;
        private boolean done;

        private Staging(OutputFolder current) {
            this.current = current;
        }

        /**
         * Compares a part of the tree with the disk and writes what is new or changed. Its paths must be new to this
         * emit.
         *
         * @throws EmitException when a user's file or folder stands where the part is to be written
         */
        public void add(Tree part) throws IOException, EmitException {
            if (done) {
                throw new IllegalStateException("this emit is over");
            }
            try {
                current.refuseConflicts(part);
                for (String path : part.paths()) {
                    byte[] content = part.content(path);
                    digests.add(path, content);
                    if (!current.owned().contains(path)) {
                        added.add(path);
                        write(path, content);
                    } else if (current.holds(path, content)) {
                        unchanged.add(path);
                    } else {
                        changed.add(path);
                        write(path, content);
                    }
                }
            } catch (IOException | EmitException | RuntimeException e) {
                discard(e);
                throw e;
            }
        }

        /**
         * Swaps the tree handed over in, with its lock file, unless it and the lock are already on disk as they are:
         * then nothing is written, forced or swapped.
         */
        public EmitResult finish(LockFile.Inputs inputs) throws IOException {
            if (done) {
                throw new IllegalStateException("this emit is over");
            }
            try {
                byte[] lock = digests.lock(inputs).bytes();
                List<String> removed = current.owned().stream().filter(file -> !digests.contains(file)).toList();
                EmitResult result = new EmitResult(added, changed, removed, unchanged.size(), current.kept());
                if (!result.changedAnything() && current.holdsLock(lock)) {
                    close();
                    return result;
                }
                for (String path : unchanged) {
                    if (!linked(current.path().resolve(path), staged(path))) {
                        write(path, Files.readAllBytes(current.path().resolve(path)));
                    }
                }
                for (String path : current.unowned()) {
                    Files.copy(current.path().resolve(path), staged(path), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                for (String path : current.emptyFolders()) {
                    Files.createDirectories(staging().resolve(path));
                }
                write(LockFile.FILE_NAME, lock);
                // Forced together, after every write: the file system commits many at once, which one by one it
                // cannot.
                FileTrees.force(staging, written, folders(staging));
                done = true;
                swap(current.path(), staging);
                return result;
            } catch (IOException | RuntimeException e) {
                discard(e);
                throw e;
            }
        }

        /** Deletes the staging folder, unless the emit finished: the tree on disk stays as it was. */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                if (staging != null) {
                    FileTrees.deleteRecursively(staging);
                }
            }
        }

        private void discard(Exception failure) {
            if (!done) {
                done = true;
                if (staging != null) {
                    FileTrees.deleteAfter(staging, failure);
                }
            }
        }

        private void write(String path, byte[] content) throws IOException {
            writer.write(staged(path), content);
            written.add(path);
        }

        /** Where a file goes in the staging folder, its folder made. */
        private Path staged(String path) throws IOException {
            Path file = staging().resolve(path);
            int slash = path.lastIndexOf('/');
            if (slash > 0 && created.add(path.substring(0, slash))) {
                Files.createDirectories(file.getParent());
            }
            return file;
        }

        private Path staging() throws IOException {
            if (staging == null) {
                staging = Leftovers.createStaging(current.path());
            }
            return staging;
        }
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
