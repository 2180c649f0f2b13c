package dev.istiodsl.emit;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * The digest of every file of a tree handed over folder by folder, by environment: what its lock file records. Only
 * the digests are kept, never the bytes; bytes that several files share (a body no overlay changed, in every
 * environment) are hashed once, for as long as something else holds them.
 */
public final class Digests {

    /** By path, the very string of the tree's path: a tree has many files, and no more is kept of each. */
    private final Map<String, String> byPath = new HashMap<>();
    /** An array is equal only to itself, so this is an identity map whose keys do not outlive their holders. */
    private final Map<byte[], String> hashed = new WeakHashMap<>();

    /** Records every file of a part of the tree; a path recorded before is refused. */
    public void add(Tree tree) {
        for (String path : tree.paths()) {
            add(path, tree.content(path));
        }
    }

    /** Records one file's digest and returns it. */
    String add(String path, byte[] content) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(path + " is not inside an environment's folder");
        }
        String digest = hashed.computeIfAbsent(content, LockFile::sha256);
        if (byPath.putIfAbsent(path, digest) != null) {
            throw new IllegalStateException("two files at " + path);
        }
        return digest;
    }

    /** Whether a file at this path, relative to the tree's root, was recorded. */
    public boolean contains(String path) {
        return byPath.containsKey(path);
    }

    /** The lock of the files recorded, beside the given inputs. */
    public LockFile lock(LockFile.Inputs inputs) {
        SortedMap<String, SortedMap<String, String>> byEnvironment = new TreeMap<>();
        byPath.forEach((path, digest) -> {
            int slash = path.indexOf('/');
            byEnvironment.computeIfAbsent(path.substring(0, slash), environment -> new TreeMap<>())
                    .put(path.substring(slash + 1), digest);
        });
        SortedMap<String, LockFile.Environment> environments = new TreeMap<>();
        inputs.byEnvironment().forEach((environment, values) -> environments.put(environment,
                new LockFile.Environment(values, byEnvironment.getOrDefault(environment, new TreeMap<>()))));
        byEnvironment.forEach((environment, files) -> environments.computeIfAbsent(environment,
                e -> new LockFile.Environment(new TreeMap<>(), files)));
        return new LockFile(environments);
    }
}
