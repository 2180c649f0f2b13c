package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.util.Utf8ByteOrder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The files of one compile, before they touch the disk: relative {@code /}-separated paths in UTF-8 byte order, each
 * with its exact bytes. Immutable; the builder refuses two files at one path and a file where another needs a folder,
 * naming both sides, because either would silently lose a resource.
 *
 * <p>The bytes are held once: a resource body that several environments share (one no overlay changed) is rendered
 * once and its bytes are shared by every file that holds it, in this tree and in the trees of the other environments
 * built with the same {@link Renderings}. They are never handed out: {@link #bytes} copies, and
 * the emitter reads them through {@link #content} and {@link #holds}.
 */
public final class Tree {

    private final SortedMap<String, byte[]> files;

    private Tree(SortedMap<String, byte[]> files) {
        this.files = files;
    }

    public static Builder builder() {
        return new Builder(new Renderings(body -> true));
    }

    /** A builder that takes the bytes of resource bodies from {@code renderings}, which other builders share. */
    public static Builder builder(Renderings renderings) {
        return new Builder(renderings);
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

    /** Whether the file at {@code path} holds exactly these bytes; no copy is made. */
    public boolean holds(String path, byte[] content) {
        byte[] held = files.get(path);
        return held != null && Arrays.equals(held, content);
    }

    /** The bytes at a path, not copied: callers in this package only read them. */
    byte[] content(String path) {
        byte[] content = files.get(path);
        if (content == null) {
            throw new NoSuchElementException("no file " + path + " in the tree");
        }
        return content;
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

    /**
     * The canonical bytes of resource bodies, by the body's identity (bodies are never changed): rendered once for all
     * the builders that share this. Only the bodies it is told to keep are kept, so that a body only one environment
     * places does not outlive that environment's tree.
     */
    public static final class Renderings {

        private final Map<ObjectNode, byte[]> kept = new IdentityHashMap<>();
        private final Predicate<ObjectNode> keep;

        /** @param keep whether a body is placed again later, so that its bytes are worth keeping */
        public Renderings(Predicate<ObjectNode> keep) {
            this.keep = keep;
        }

        byte[] of(ObjectNode body) {
            byte[] content = kept.get(body);
            if (content == null) {
                content = CanonicalYaml.write(body).getBytes(StandardCharsets.UTF_8);
                if (keep.test(body)) {
                    kept.put(body, content);
                }
            }
            return content;
        }
    }

    public static final class Builder {

        private TreeMap<String, byte[]> files = new TreeMap<>(Utf8ByteOrder.ORDER);
        private final Map<String, String> origins = new HashMap<>();
        private final Renderings rendered;

        private Builder(Renderings rendered) {
            this.rendered = rendered;
        }

        /**
         * @param origin what produced the file, for the message when another file claims its place
         * @throws IllegalArgumentException when the path is not a plain relative path or is the lock file's
         * @throws IllegalStateException    when the path collides with a file added before
         */
        public Builder add(String path, byte[] content, String origin) {
            return put(path, content.clone(), origin);
        }

        /** Adds bytes this builder made, or shares between files, without copying them. */
        private Builder put(String path, byte[] content, String origin) {
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
            files.put(path, content);
            origins.put(path, origin);
            return this;
        }

        public Builder add(String path, String text, String origin) {
            return put(path, text.getBytes(StandardCharsets.UTF_8), origin);
        }

        /**
         * The resource's canonical YAML (or, for a SOPS-encrypted one, the exact text of its file) at its
         * {@link TreeLayout} path, named by its origin and id.
         */
        public Builder addResource(String environment, String part, Resource resource) {
            byte[] content = resource.verbatim().map(text -> text.getBytes(StandardCharsets.UTF_8))
                    .orElseGet(() -> rendered.of(resource.body()));
            return put(TreeLayout.path(environment, part, resource.id()), content, resource.id() + " from "
                    + resource.origin());
        }

        /** The tree of the files added so far; the builder starts a new map, so the tree never changes. */
        public Tree build() {
            Tree tree = new Tree(Collections.unmodifiableSortedMap(files));
            files = new TreeMap<>(files);
            return tree;
        }
    }
}
