package dev.istiodsl.verify;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.emit.Digests;
import dev.istiodsl.emit.LockFile;
import dev.istiodsl.emit.Tree;
import dev.istiodsl.expand.helm.HelmExpander;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.HelmCharts;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Revision;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the tree on disk with its lock file, and with the tree the sources compile to. Files in the tree that
 * istiodsl does not own (the lock does not name them) are the user's, and never reported.
 */
public final class TreeVerifier {

    /** How many file names a message lists before it says how many more there are. */
    static final int LISTED = 10;

    private final Path output;
    private final String shown;

    /**
     * @param output the tree's folder
     * @param shown  how messages name it ({@code deploy/istio})
     */
    public TreeVerifier(Path output, String shown) {
        this.output = output;
        this.shown = shown;
    }

    /**
     * Whether the lock was written from exactly these sources: the same environments, the same digest of the DSL and
     * the files it names, the same manifest files and Helm charts. Then the tree needs no recompile to be checked: no istioctl runs.
     *
     * @param dslDigest the digest the compile would record as each environment's {@code dsl} input
     */
    public static boolean compiledFrom(LockFile lock, Mesh mesh, String dslDigest) {
        if (!lock.environments().keySet().equals(mesh.environments().keySet())) {
            return false;
        }
        // Environments share their revisions: each manifest file is read and hashed once, each chart folder once.
        Map<Path, String> manifests = new HashMap<>();
        Map<String, Optional<String>> charts = new HashMap<>();
        for (Environment env : mesh.environments().values()) {
            Map<String, String> inputs = lock.environments().get(env.name()).inputs();
            if (!dslDigest.equals(inputs.get("dsl"))) {
                return false;
            }
            for (String name : env.revisions()) {
                Revision revision = mesh.revisions().get(name);
                if (revision.manifest().isPresent() && !manifests.computeIfAbsent(revision.manifest().get().file(),
                        TreeVerifier::digest).equals(inputs.get("manifest/" + name))) {
                    return false;
                }
                if (revision.charts().isPresent() && !charts.computeIfAbsent(name, n -> HelmExpander
                        .chartsDigest(revision)).equals(Optional.ofNullable(inputs.get("charts/" + name)))) {
                    return false;
                }
                if (revision.charts().filter(HelmCharts::fromRepository).isPresent()) {
                    // Fetched (from the cache, or again) and compiled: a chart whose digest changed changes the lock
                    // the compile would write.
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the tree lies on disk as a compile reads it, which follows no symbolic link inside the output: the lock
     * file, and every folder on the way to a file the lock records, are themselves, not links (a compile would find no
     * lock, or a folder it did not write where its files go, and refuse to write). One look per folder, nothing read.
     */
    public boolean laidOutAsWritten(LockFile lock) {
        if (!Files.isRegularFile(output.resolve(LockFile.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Set<Path> seen = new HashSet<>();
        for (String owned : lock.ownedFiles()) {
            for (Path folder = output.resolve(owned).getParent(); !folder.equals(output) && seen.add(folder);
                    folder = folder.getParent()) {
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Owned files whose bytes are not the ones the lock records, or that are gone: edits made by hand. */
    public List<Diagnostic> handEdits(LockFile lock) {
        List<Diagnostic> out = new ArrayList<>();
        lock.environments().forEach((env, recorded) -> {
            List<String> edited = new ArrayList<>();
            recorded.files().forEach((path, digest) -> {
                Path file = output.resolve(env).resolve(path);
                if (!Files.isRegularFile(file)) {
                    edited.add(path + " (deleted)");
                } else if (!("sha256:" + digest(file)).equals(digest)) {
                    edited.add(path);
                }
            });
            if (!edited.isEmpty()) {
                out.add(new Diagnostic("Verify.HandEdited", Severity.ERROR, null, "environment '"
                        + env + "': " + count(edited.size(), "file") + " of " + shown + "/" + env + " changed by hand"
                        + " since the last compile: " + list(edited), "change the mesh instead: `mvn "
                        + "istiodsl:compile` restores them, and `git diff` shows what was edited", null, env));
            }
        });
        return out;
    }

    /**
     * The tree the sources compile to against the one on disk, per environment: files that would change, be added or
     * be removed, and environments that would appear or go. The compiled tree is handed over one part at a time
     * ({@link Stale#add}), and only its paths and digests are kept.
     */
    public Stale stale(LockFile onDisk) {
        return new Stale(onDisk);
    }

    /** One comparison of a compiled tree, handed over part by part, with the tree on disk. */
    public final class Stale {

        private final LockFile onDisk;
        private final Digests compiled = new Digests();
        private final SortedMap<String, List<String>> byEnv = new TreeMap<>();

        private Stale(LockFile onDisk) {
            this.onDisk = onDisk;
        }

        /** Compares the files of a part of the compiled tree with those on disk. */
        public void add(Tree part) {
            compiled.add(part);
            for (String path : part.paths()) {
                Path file = output.resolve(path);
                String env = path.substring(0, path.indexOf('/'));
                String inEnv = path.substring(env.length() + 1);
                if (!Files.isRegularFile(file)) {
                    byEnv.computeIfAbsent(env, e -> new ArrayList<>()).add(inEnv + " (missing)");
                } else if (!part.holds(path, read(file))) {
                    byEnv.computeIfAbsent(env, e -> new ArrayList<>()).add(inEnv);
                }
            }
        }

        /**
         * What differs, once the whole tree was handed over.
         *
         * @param inputs what the compile would record in the lock file
         */
        public List<Diagnostic> finish(LockFile.Inputs inputs) {
            LockFile compiledLock = compiled.lock(inputs);
            for (String owned : onDisk.ownedFiles()) {
                if (!compiled.contains(owned) && Files.isRegularFile(output.resolve(owned))) {
                    String env = owned.substring(0, owned.indexOf('/'));
                    byEnv.computeIfAbsent(env, e -> new ArrayList<>()).add(owned.substring(env.length() + 1)
                            + " (no longer compiled)");
                }
            }
            List<Diagnostic> out = new ArrayList<>();
            TreeSet<String> gone = new TreeSet<>(onDisk.environments().keySet());
            gone.removeAll(compiledLock.environments().keySet());
            for (String env : gone) {
                out.add(new Diagnostic("Verify.Stale", Severity.ERROR, null, "environment '" + env
                        + "' is in " + shown + " but no longer in the mesh", "run `mvn istiodsl:compile` and commit"
                        + " the tree", null, env));
                byEnv.remove(env);
            }
            byEnv.forEach((env, files) -> out.add(new Diagnostic("Verify.Stale", Severity.ERROR, null,
                    "environment '" + env + "': " + shown + "/" + env + " is not what the sources compile to; "
                            + count(files.size(), "file") + " differ: " + list(files),
                    "run `mvn istiodsl:compile` and commit the tree", null, env)));
            if (out.isEmpty() && !Arrays.equals(read(output.resolve(LockFile.FILE_NAME)), compiledLock.bytes())) {
                out.add(new Diagnostic("Verify.Stale", Severity.ERROR, null, shown + "/"
                        + LockFile.FILE_NAME + " does not record what the tree was compiled from (the files are"
                        + " right)", "run `mvn istiodsl:compile` and commit the lock file", null, null));
            }
            return out;
        }
    }

    private static String list(List<String> files) {
        List<String> shownFiles = files.subList(0, Math.min(LISTED, files.size()));
        return String.join(", ", shownFiles) + (files.size() > LISTED ? " and " + (files.size() - LISTED)
                + " more" : "");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String digest(Path file) {
        return Sha256.hex(read(file));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
