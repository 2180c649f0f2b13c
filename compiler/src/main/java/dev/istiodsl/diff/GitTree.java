package dev.istiodsl.diff;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import java.io.IOException;
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
        Problem(String message) {
            super(message);
        }
    }

    /**
     * @param inside a folder inside the repository's work tree (its repository is found upward from there)
     * @param ref    a branch, tag, commit or expression git understands ({@code HEAD}, {@code main}, {@code HEAD~1})
     * @param folder the folder to read, as a path in the work tree
     */
    public static Snapshot read(Path inside, String ref, Path folder) throws Problem, IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(inside.toFile());
        if (builder.getGitDir() == null) {
            throw new Problem("no git repository holds " + inside);
        }
        try (Repository repository = builder.build()) {
            Path workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
            Path target = folder.toAbsolutePath().normalize();
            if (!target.startsWith(workTree)) {
                throw new Problem(folder + " is not inside the repository at " + workTree);
            }
            String prefix = workTree.relativize(target).toString().replace('\\', '/');
            ObjectId id = Optional.ofNullable(repository.resolve(ref + "^{commit}"))
                    .orElseThrow(() -> new Problem("git knows no commit '" + ref + "'"));
            SortedMap<String, byte[]> files = new TreeMap<>();
            try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
                RevCommit commit = walk.parseCommit(id);
                try (TreeWalk tree = new TreeWalk(repository, reader)) {
                    tree.addTree(commit.getTree());
                    tree.setRecursive(true);
                    if (!prefix.isEmpty()) {
                        tree.setFilter(PathFilter.create(prefix));
                    }
                    while (tree.next()) {
                        String path = tree.getPathString();
                        String inFolder = prefix.isEmpty() ? path : path.substring(prefix.length() + 1);
                        files.put(inFolder, reader.open(tree.getObjectId(0)).getBytes());
                    }
                }
                return new Snapshot(commit.getName(), files);
            }
        }
    }
}
