package dev.istiodsl.promote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diff.GitTree;
import dev.istiodsl.emit.LockFile;
import dev.istiodsl.json.Yaml;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the committed tree says each environment ran, commit by commit, along the first-parent line of a base ref:
 * the line a team merges to and Flux deploys from. A revision runs in an environment when the commit has its folder
 * {@code <env>/revisions/<revision>}; a tag points at the revision named by the {@code istio.io/rev} label of its
 * webhook in {@code <env>/tags/<tag>}; a namespace is bound to the tag or revision its Namespace in
 * {@code <env>/base/namespace/} labels {@code istio.io/rev}. Nothing is checked out; an environment's state is read
 * once per distinct git tree, and a Namespace file once per distinct content, so a long history of commits that did
 * not touch it costs one lookup each.
 */
public final class TreeHistory implements AutoCloseable {

    /** One commit of the line: its id and its committer date (when it was merged, not when it was written). */
    public record Commit(String id, Instant time) {
        public String shortId() {
            return id.substring(0, 12);
        }
    }

    /**
     * What one environment's folder held at a commit.
     *
     * @param tags       tag to the revision it points at
     * @param namespaces data-plane namespace to the tag or revision it is bound to
     */
    public record State(SortedSet<String> revisions, SortedMap<String, String> tags,
            SortedMap<String, String> namespaces) {
    }

    /**
     * The end of a run: the newest commit at which an environment's state still satisfied a condition, and the commit
     * after it on the line, which ended it.
     */
    public record Ended(State last, Commit endedBy) {
    }

    /** Why a repository holds the tree but its history cannot be read: an unknown or malformed base ref. */
    public static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    private final GitTree.Located located;
    private final Repository repository;
    private final ObjectReader reader;
    private final String prefix;
    private final RevCommit base;
    private final String baseRef;
    private final Map<ObjectId, State> states = new HashMap<>();
    private final Map<ObjectId, Optional<Map.Entry<String, String>>> namespaceFiles = new HashMap<>();

    private TreeHistory(GitTree.Located located, RevCommit base, String baseRef) {
        this.located = located;
        this.repository = located.repository();
        this.reader = repository.newObjectReader();
        this.prefix = located.prefix();
        this.base = base;
        this.baseRef = baseRef;
    }

    /**
     * The history of {@code folder} up to {@code ref}; empty when no git repository holds the folder, or when the ref
     * is {@code HEAD} of a repository with no commit yet: there is no history to measure against.
     *
     * @throws Problem when a repository holds the folder but {@code ref} names no commit of it: the gate must not
     *                 pass for want of a base (a CI clone that never fetched {@code origin/main})
     */
    public static Optional<TreeHistory> open(Path folder, String ref) throws Problem {
        Optional<GitTree.Located> found;
        try {
            found = GitTree.locate(folder, folder);
        } catch (GitTree.Problem e) {
            throw new Problem(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the git repository of " + folder, e);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        GitTree.Located located = found.get();
        boolean handedOver = false;
        try (RevWalk walk = new RevWalk(located.repository())) {
            if (ref.equals("HEAD") && GitTree.unborn(located.repository())) {
                return Optional.empty();
            }
            TreeHistory history = new TreeHistory(located, GitTree.commit(located.repository(), walk, ref), ref);
            handedOver = true;
            return Optional.of(history);
        } catch (GitTree.Problem e) {
            throw new Problem(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the git repository of " + folder, e);
        } finally {
            if (!handedOver) {
                located.close();
            }
        }
    }

    /** The ref the history ends at, as given ({@code HEAD}, {@code origin/main}). */
    public String baseRef() {
        return baseRef;
    }

    public Commit base() {
        return commit(base);
    }

    /** Whether the tree had been compiled and committed by the base commit: its lock file is there. */
    public boolean treeCommitted() {
        return lookup(base.getTree(), path(LockFile.FILE_NAME)).isPresent();
    }

    /** The environment's state at the base commit; empty when its folder is not there. */
    public Optional<State> atBase(String environment) {
        return stateAt(base, environment);
    }

    /**
     * The first commit of the run of commits, ending at the base, in which the environment's state satisfies
     * {@code holds}: since when it has done so without a break; empty when it does not hold at the base. The walk
     * stops early at a commit of the run dated at or before {@code enough}, and returns it: the caller only needs to
     * know that the run reaches back that far, and a long-lived revision would otherwise walk the whole history.
     */
    public Optional<Commit> holdingSince(String environment, Predicate<State> holds, Instant enough) {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(base));
            RevCommit first = null;
            for (RevCommit commit : walk) {
                Optional<State> state = stateAt(commit, environment);
                if (state.isEmpty() || !holds.test(state.get())) {
                    break;
                }
                first = commit;
                if (!Instant.ofEpochSecond(commit.getCommitTime()).isAfter(enough)) {
                    break;
                }
            }
            return Optional.ofNullable(first).map(TreeHistory::commit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the history of " + repository.getWorkTree(), e);
        }
    }

    /**
     * Walking back from the base, the newest commit whose state satisfies {@code held}, and the commit after it that
     * ended the run; empty when none does, back to the environment's first commit or to a commit dated at or before
     * {@code enough} (whatever ended before then ended long enough ago). The base itself must not satisfy it.
     */
    public Optional<Ended> lastEnded(String environment, Predicate<State> held, Instant enough) {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(base));
            RevCommit after = null;
            for (RevCommit commit : walk) {
                Optional<State> state = stateAt(commit, environment);
                if (state.isEmpty()) {
                    break;
                }
                if (held.test(state.get())) {
                    if (after == null) {
                        throw new IllegalStateException("the condition holds at the base " + base.getName());
                    }
                    return Optional.of(new Ended(state.get(), commit(after)));
                }
                if (!Instant.ofEpochSecond(commit.getCommitTime()).isAfter(enough)) {
                    break;
                }
                after = commit;
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the history of " + repository.getWorkTree(), e);
        }
    }

    private Optional<State> stateAt(RevCommit commit, String environment) {
        Optional<ObjectId> folder = lookup(commit.getTree(), path(environment));
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        State known = states.get(folder.get());
        if (known == null) {
            known = read(folder.get());
            states.put(folder.get(), known);
        }
        return Optional.of(known);
    }

    private State read(ObjectId environmentTree) {
        SortedSet<String> revisions = new TreeSet<>(children(environmentTree, "revisions").keySet());
        SortedMap<String, String> tags = new TreeMap<>();
        children(environmentTree, "tags").forEach((tag, tree) -> revisionLabel(tree).ifPresent(rev -> tags.put(tag,
                rev)));
        SortedMap<String, String> namespaces = new TreeMap<>();
        lookup(environmentTree, "base/namespace").ifPresent(folder -> files(folder).forEach(file -> namespace(file)
                .ifPresent(bound -> namespaces.put(bound.getKey(), bound.getValue()))));
        return new State(revisions, tags, namespaces);
    }

    /** The {@code .yaml} files directly in a folder. */
    private List<ObjectId> files(ObjectId folder) {
        List<ObjectId> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository, reader)) {
            walk.addTree(folder);
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.REGULAR_FILE && walk.getNameString().endsWith(".yaml")) {
                    out.add(walk.getObjectId(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A Namespace file's name and {@code istio.io/rev} label; empty when it has none or is no Namespace. */
    private Optional<Map.Entry<String, String>> namespace(ObjectId file) {
        return namespaceFiles.computeIfAbsent(file, id -> {
            try {
                String text = new String(reader.open(id).getBytes(), StandardCharsets.UTF_8);
                for (JsonNode doc : Yaml.readDocuments(text)) {
                    String name = doc.path("metadata").path("name").asText("");
                    String rev = doc.path("metadata").path("labels").path("istio.io/rev").asText("");
                    if (doc.path("kind").asText("").equals("Namespace") && !name.isEmpty() && !rev.isEmpty()) {
                        return Optional.of(Map.entry(name, rev));
                    }
                }
            } catch (Yaml.Problem e) {
                // broken by hand: binds nothing
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.empty();
        });
    }

    /** The sub-folders of {@code name} in a tree, by name. */
    private Map<String, ObjectId> children(ObjectId tree, String name) {
        Map<String, ObjectId> out = new TreeMap<>();
        Optional<ObjectId> folder = lookup(tree, name);
        if (folder.isEmpty()) {
            return out;
        }
        try (TreeWalk walk = new TreeWalk(repository, reader)) {
            walk.addTree(folder.get());
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.TREE) {
                    out.put(walk.getNameString(), walk.getObjectId(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The {@code istio.io/rev} label of the first resource in a tag's folder that has one. Files that are not
     * resources are passed over: a Helmfile chart's {@code templates/} and {@code Chart.yaml}, a kustomization, a file
     * broken by hand.
     */
    private Optional<String> revisionLabel(ObjectId tagTree) {
        try (TreeWalk walk = new TreeWalk(repository, reader)) {
            walk.addTree(tagTree);
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                if (!path.endsWith(".yaml") || path.startsWith("templates/") || path.equals("Chart.yaml")
                        || path.equals("kustomization.yaml")) {
                    continue;
                }
                String text = new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                try {
                    for (JsonNode doc : Yaml.readDocuments(text)) {
                        String rev = doc.path("metadata").path("labels").path("istio.io/rev").asText("");
                        if (!rev.isEmpty()) {
                            return Optional.of(rev);
                        }
                    }
                } catch (Yaml.Problem e) {
                    // not a resource: read on
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private Optional<ObjectId> lookup(ObjectId tree, String path) {
        try (TreeWalk walk = TreeWalk.forPath(repository, reader, path, tree)) {
            return walk == null ? Optional.empty() : Optional.of(walk.getObjectId(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String path(String inTree) {
        return prefix.isEmpty() ? inTree : prefix + "/" + inTree;
    }

    private static Commit commit(RevCommit commit) {
        return new Commit(commit.getName(), Instant.ofEpochSecond(commit.getCommitTime()));
    }

    @Override
    public void close() {
        reader.close();
        located.close();
    }
}
