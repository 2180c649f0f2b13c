package dev.istiodsl.promote;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.parse.MeshEditor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out the edit of the mesh file that makes one environment run what the environment before it runs, and makes
 * it with {@link MeshEditor}, so the rest of the file keeps every comment and space.
 *
 * <p>A whole promotion copies the revisions, every tag target, and the binding of every namespace both environments
 * have; a namespace only one of them has is left alone (environments host different applications), and so is
 * everything else: overlays, gateways, clusters, the Kubernetes version. A tag promotion ({@code tag}) moves one
 * tag, and adds the revision it points at when the environment does not run it yet. The target must be the one
 * promoted after the source ({@code environment prod after preprod}): promotion follows the chain, so its soak gate
 * is the one measured.
 */
public final class Promoter {

    /** What was asked: from where, to where, and one tag or everything. */
    public record Request(String from, String to, Optional<String> tag) {
    }

    /**
     * The mesh file as the promotion writes it, and what it changes, one line each, for the log; {@code leftAlone}
     * names what a reader might expect to change and does not.
     */
    public record Plan(String text, List<String> changes, List<String> leftAlone) {
        public boolean changesNothing() {
            return changes.isEmpty();
        }
    }

    private final Diagnostics diagnostics;

    public Promoter(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The plan; empty, with the reason reported, when the promotion cannot be made. */
    public Optional<Plan> plan(Mesh mesh, String meshText, SourceLocation meshAt, Request request) {
        Optional<Environment> source = environment(mesh, request.from(), "istiodsl.from", meshAt);
        Optional<Environment> target = environment(mesh, request.to(), "istiodsl.to", meshAt);
        if (source.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        Environment from = source.get();
        Environment to = target.get();
        Optional<String> after = to.promotion().map(p -> p.after());
        if (!after.equals(Optional.of(from.name()))) {
            diagnostics.error("Promote.NotNextInChain", to.at(), after.map(a -> "environment '" + to.name()
                    + "' is promoted after '" + a + "', not after '" + from.name() + "'").orElse("environment '"
                    + to.name() + "' is promoted after no environment"), after.map(a -> "promote from " + a
                    + " (-Distiodsl.from=" + a + "), or change its `after` clause").orElse("add `after "
                    + from.name() + " soak DURATION` to environment " + to.name() + ", so a soak gate guards it"));
            return Optional.empty();
        }
        Optional<MeshEditor> found = MeshEditor.of(meshText, to.name());
        if (found.isEmpty()) {
            diagnostics.error("Promote.CannotEdit", to.at(), "environment '" + to.name() + "' is not declared in "
                    + meshAt.file() + " as it is on disk", "run `mvn istiodsl:validate` and fix what it reports");
            return Optional.empty();
        }
        MeshEditor editor = found.get();
        List<String> changes = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        if (request.tag().isPresent()) {
            moveTag(from, to, request.tag().get(), editor, changes);
        } else {
            copyRevisions(from, to, editor, changes);
            if (!copyTags(from, to, editor, changes)) {
                return Optional.empty();
            }
            copyBindings(from, to, editor, changes, leftAlone);
        }
        return diagnostics.hasErrors() ? Optional.empty()
                : Optional.of(new Plan(editor.text(), List.copyOf(changes), List.copyOf(leftAlone)));
    }

    private void moveTag(Environment from, Environment to, String tag, MeshEditor editor, List<String> changes) {
        String revision = from.tags().get(tag);
        if (revision == null) {
            diagnostics.error("Promote.UnknownTag", from.at(), "environment '" + from.name() + "' has no tag '" + tag
                    + "'", Suggestions.hint(tag, from.tags().keySet(), "tag"));
            return;
        }
        if (revision.equals(to.tags().get(tag))) {
            return;
        }
        if (!to.revisions().contains(revision)) {
            List<String> revisions = new ArrayList<>(to.revisions());
            revisions.add(revision);
            editor.setRevisions(revisions);
            changes.add("revisions " + String.join(", ", to.revisions()) + " -> " + String.join(", ", revisions));
        }
        editor.setTag(tag, revision);
        changes.add("tag " + tag + ": " + to.tags().getOrDefault(tag, "(none)") + " -> " + revision);
    }

    private static void copyRevisions(Environment from, Environment to, MeshEditor editor, List<String> changes) {
        if (!from.revisions().equals(to.revisions())) {
            editor.setRevisions(from.revisions());
            changes.add("revisions " + String.join(", ", to.revisions()) + " -> "
                    + String.join(", ", from.revisions()));
        }
    }

    private boolean copyTags(Environment from, Environment to, MeshEditor editor, List<String> changes) {
        for (Map.Entry<String, String> tag : from.tags().entrySet()) {
            if (!tag.getValue().equals(to.tags().get(tag.getKey()))) {
                editor.setTag(tag.getKey(), tag.getValue());
                changes.add("tag " + tag.getKey() + ": " + to.tags().getOrDefault(tag.getKey(), "(none)") + " -> "
                        + tag.getValue());
            }
        }
        for (String tag : to.tags().keySet()) {
            if (from.tags().containsKey(tag)) {
                continue;
            }
            if (!editor.removeTag(tag)) {
                diagnostics.error("Promote.InheritedTag", to.locations().tags().getOrDefault(tag, to.at()),
                        "environment '" + to.name() + "' inherits tag '" + tag + "', which '" + from.name()
                                + "' does not have, and promote edits only the block of " + to.name(),
                        "remove the tag where it is declared, or declare it in " + from.name() + " too");
                return false;
            }
            changes.add("tag " + tag + ": " + to.tags().get(tag) + " -> (removed)");
        }
        return true;
    }

    private static void copyBindings(Environment from, Environment to, MeshEditor editor, List<String> changes,
            List<String> leftAlone) {
        for (Map.Entry<String, String> binding : to.namespaces().entrySet()) {
            String namespace = binding.getKey();
            String upstream = from.namespaces().get(namespace);
            if (upstream == null) {
                leftAlone.add("namespace " + namespace + " (only in " + to.name() + ")");
            } else if (!upstream.equals(binding.getValue())) {
                editor.setBinding(namespace, upstream);
                changes.add("namespace " + namespace + ": " + binding.getValue() + " -> " + upstream);
            }
        }
        from.namespaces().keySet().stream().filter(ns -> !to.namespaces().containsKey(ns))
                .forEach(ns -> leftAlone.add("namespace " + ns + " (only in " + from.name() + ")"));
    }

    private Optional<Environment> environment(Mesh mesh, String name, String parameter, SourceLocation meshAt) {
        Environment env = mesh.environments().get(name);
        if (env == null) {
            diagnostics.error("Promote.UnknownEnvironment", meshAt, "the mesh has no environment '" + name + "' ("
                    + parameter + ")", Suggestions.hint(name, mesh.environments().keySet(), "environment"));
        }
        return Optional.ofNullable(env);
    }
}
