package dev.istiodsl.emit;

import dev.istiodsl.resource.Resource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one compile, before they touch the disk: relative {@code /}-separated paths in UTF-8 byte order, each
 * with its exact bytes. Immutable; the builder refuses two files at one path and a file where another needs a folder,
 * naming both sides, because either would silently lose a resource.
 */
public final class Tree {

    private final SortedMap<String, byte[]> files;

    private Tree(SortedMap<String, byte[]> files) {
        this.files = files;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every path, in UTF-8 byte order. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    /** A copy of the bytes at a path. */
    public byte[] bytes(String path) {
        byte[] content = files.get(path);
        if (content == null) {
            throw new NoSuchElementException("no file " + path + " in the tree");
        }
        return content.clone();
    }

    public int size() {
        return files.size();
    }

    /** A file of this tree at {@code path}, at a folder above it, or below it (when {@code path} is to be a file). */
    Optional<String> conflictWith(String path) {
        if (files.containsKey(path)) {
            return Optional.of(path);
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (files.containsKey(path.substring(0, slash))) {
                return Optional.of(path.substring(0, slash));
            }
        }
        SortedMap<String, byte[]> after = files.tailMap(path + "/");
        return after.isEmpty() || !after.firstKey().startsWith(path + "/") ? Optional.empty()
                : Optional.of(after.firstKey());
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Tree tree) || !files.keySet().equals(tree.files.keySet())) {
            return false;
        }
        return files.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), tree.files.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return files.entrySet().stream().mapToInt(e -> e.getKey().hashCode() ^ Arrays.hashCode(e.getValue())).sum();
    }

    @Override
    public String toString() {
        return "Tree" + files.keySet();
    }

    public static final class Builder {

        private final TreeMap<String, byte[]> files = new TreeMap<>(Utf8ByteOrder.ORDER);
        private final Map<String, String> origins = new HashMap<>();

        private Builder() {
        }

        /**
         * @param origin what produced the file, for the message when another file claims its place
         * @throws IllegalArgumentException when the path is not a plain relative path or is the lock file's
         * @throws IllegalStateException    when the path collides with a file added before
         */
        public Builder add(String path, byte[] content, String origin) {
            RelativePaths.check("path", path);
            if (path.equals(LockFile.FILE_NAME)) {
                throw new IllegalArgumentException(path + " is the lock file's path, which the emitter writes itself");
            }
            Optional<String> conflict = new Tree(files).conflictWith(path);
            if (conflict.isPresent()) {
                String other = conflict.get();
                throw new IllegalStateException(other.equals(path)
                        ? "two files at " + path + ": " + origins.get(other) + " and " + origin
                        : path + " (" + origin + ") and " + other + " (" + origins.get(other) + ") cannot both exist:"
                        + " one is the other's folder");
            }
            files.put(path, content.clone());
            origins.put(path, origin);
            return this;
        }

        public Builder add(String path, String text, String origin) {
            return add(path, text.getBytes(StandardCharsets.UTF_8), origin);
        }

        /**
         * The resource's canonical YAML (or, for a SOPS-encrypted one, the exact text of its file) at its
         * {@link TreeLayout} path, named by its origin and id.
         */
        public Builder addResource(String environment, String part, Resource resource) {
            return add(TreeLayout.path(environment, part, resource.id()), resource.verbatim()
                    .orElseGet(() -> CanonicalYaml.write(resource.body())), resource.id() + " from "
                    + resource.origin());
        }

        public Tree build() {
            TreeMap<String, byte[]> copy = new TreeMap<>(Utf8ByteOrder.ORDER);
            files.forEach((path, content) -> copy.put(path, content.clone()));
            return new Tree(Collections.unmodifiableSortedMap(copy));
        }
    }
}
