package dev.istiodsl.diff;

import dev.istiodsl.util.RealPaths;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The files of a folder as committed at a git ref, read from the repository's objects: nothing is checked out. */
public final class GitTree {

    private GitTree() {
    }

    /** What was read: the commit the ref names, and the folder's files by their path inside it. */
    public record Snapshot(String commit, SortedMap<String, byte[]> files) {
    }

    /** Why the tree could not be read, in words for a diagnostic. */
    public static final class Problem extends Exception {
        public Problem(String message) {
            super(message);
        }
    }

    /**
     * @param inside a folder inside the repository's work tree (its repository is found upward from there)
     * @param ref    a branch, tag, commit or expression git understands ({@code HEAD}, {@code main}, {@code HEAD~1})
     * @param folder the folder to read, as a path in the work tree
     */
    public static Snapshot read(Path inside, String ref, Path folder) throws Problem, IOException {
        Optional<Located> found = locate(inside, folder);
        if (found.isEmpty()) {
            throw new Problem("no git repository holds " + inside);
        }
        try (Located located = found.get(); RevWalk walk = new RevWalk(located.repository());
                ObjectReader reader = located.repository().newObjectReader()) {
            Repository repository = located.repository();
            String prefix = located.prefix();
            RevCommit commit = commit(repository, walk, ref);
            SortedMap<String, byte[]> files = new TreeMap<>();
            try (TreeWalk tree = new TreeWalk(repository, reader)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                if (!prefix.isEmpty()) {
                    tree.setFilter(PathFilter.create(prefix));
                }
                while (tree.next()) {
                    String path = tree.getPathString();
                    if (path.length() <= prefix.length()) {
                        continue; // a file, or a link, where the folder is now
                    }
                    String inFolder = prefix.isEmpty() ? path : path.substring(prefix.length() + 1);
                    files.put(inFolder, reader.open(tree.getObjectId(0)).getBytes());
                }
            }
            return new Snapshot(commit.getName(), files);
        }
    }

    /** An open repository, to close, and a folder's path in its work tree ("" for the top). */
    public record Located(Repository repository, String prefix) implements AutoCloseable {
        @Override
        public void close() {
            repository.close();
        }
    }

    /**
     * The repository whose work tree holds {@code folder}, found upward from {@code inside}; empty when there is no
     * repository there.
     *
     * @throws Problem when the folder lies outside the repository's work tree
     */
    public static Optional<Located> locate(Path inside, Path folder) throws Problem, IOException {
        if (!mayBeInRepository(inside)) {
            return Optional.empty();
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(inside.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        Repository repository = builder.build();
        // Git holds a linked folder's files where the link leads, and the link as a file of its own.
        Path workTree = RealPaths.of(repository.getWorkTree().toPath());
        Path target = RealPaths.of(folder);
        if (!target.startsWith(workTree)) {
            repository.close();
            throw new Problem(folder + " is not inside the repository at " + workTree);
        }
        return Optional.of(new Located(repository, workTree.relativize(target).toString().replace('\\', '/')));
    }

    /**
     * Whether git could find a repository upward from {@code inside}, as {@link FileRepositoryBuilder#findGitDir}
     * looks: a {@code .git} entry, or a folder that is itself a repository, or {@code GIT_DIR} set. False only when
     * there is certainly none, so that a project outside git never loads JGit.
     */
    private static boolean mayBeInRepository(Path inside) {
        if (System.getenv("GIT_DIR") != null) {
            return true;
        }
        for (Path at = inside.toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.exists(at.resolve(".git"), LinkOption.NOFOLLOW_LINKS) || Files.exists(at.resolve("HEAD"))
                    && Files.isDirectory(at.resolve("objects")) && Files.isDirectory(at.resolve("refs"))) {
                return true;
            }
        }
        return false;
    }

    /** The commit a ref names, or why there is none, in words. */
    public static RevCommit commit(Repository repository, RevWalk walk, String ref) throws Problem, IOException {
        ObjectId id;
        try {
            id = repository.resolve(ref + "^{commit}");
        } catch (RevisionSyntaxException | AmbiguousObjectException e) {
            throw new Problem("'" + ref + "' is not a ref git can read: " + e.getMessage());
        }
        if (id == null) {
            throw new Problem("git knows no commit '" + ref + "'");
        }
        return walk.parseCommit(id);
    }

    /** Whether the repository has no commit yet: {@code HEAD} names an unborn branch. */
    public static boolean unborn(Repository repository) throws IOException {
        return repository.resolve("HEAD^{commit}") == null;
    }
}
