package dev.istiodsl.diff;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which namespaces need a rollout restart after a change, read from the two trees: the Namespace objects
 * ({@code istio.io/rev} names a tag or a revision) and the tag webhooks ({@code istio.io/rev} names the revision a tag
 * points at). A namespace restarts when the revision serving it changes, or when its revision's sidecar injector
 * configuration (template, proxy image) changes.
 */
final class Restarts {

    private static final String REV = "istio.io/rev";

    private Restarts() {
    }

    static List<Restart> of(Map<String, byte[]> before, Map<String, byte[]> after,
            SortedMap<String, List<ResourceChange>> changes) {
        Map<String, View> old = views(before);
        Map<String, View> now = views(after);
        List<Restart> out = new ArrayList<>();
        for (Map.Entry<String, View> env : now.entrySet()) {
            View previous = old.get(env.getKey());
            if (previous == null) {
                continue; // a new environment: its workloads start with the sidecars it injects
            }
            View current = env.getValue();
            TreeSet<String> changedInjectors = new TreeSet<>();
            for (ResourceChange change : changes.getOrDefault(env.getKey(), List.of())) {
                if (change.type() == ResourceChange.Type.CHANGED && change.kind().equals("ConfigMap")
                        && change.file().startsWith("revisions/") && change.name().contains("istio-sidecar-injector")) {
                    changedInjectors.add(change.file().split("/")[1]);
                }
            }
            current.namespaces().forEach((namespace, target) -> {
                String was = previous.namespaces().get(namespace);
                if (was == null) {
                    return; // newly meshed: its pods get sidecars when they next start anyway
                }
                Optional<String> revisionBefore = previous.serving(was);
                Optional<String> revisionNow = current.serving(target);
                if (revisionNow.isPresent() && !revisionNow.equals(revisionBefore)) {
                    String how = was.equals(target) ? "tag '" + target + "' moved" : "bound to " + target
                            + " instead of " + was;
                    out.add(new Restart(env.getKey(), namespace, how + ": " + revisionBefore.orElse("?") + " -> "
                            + revisionNow.get()));
                } else if (revisionNow.isPresent() && changedInjectors.contains(revisionNow.get())) {
                    out.add(new Restart(env.getKey(), namespace, "the sidecar injector of " + revisionNow.get()
                            + " changed (template or proxy image)"));
                }
            });
        }
        return out;
    }

    /** What one environment's tree says about namespaces and tags. */
    private record View(Map<String, String> namespaces, Map<String, String> tags) {
        Optional<String> serving(String tagOrRevision) {
            return Optional.of(tags.getOrDefault(tagOrRevision, tagOrRevision));
        }
    }

    private static Map<String, View> views(Map<String, byte[]> tree) {
        Map<String, View> out = new TreeMap<>();
        tree.forEach((path, bytes) -> {
            String[] parts = path.split("/");
            if (parts.length < 4) {
                return;
            }
            View view = out.computeIfAbsent(parts[0], e -> new View(new TreeMap<>(), new TreeMap<>()));
            if (parts[1].equals("base") && parts[2].equals("namespace")) {
                SemanticDiff.document(bytes).ifPresent(ns -> {
                    String target = ns.path("metadata").path("labels").path(REV).asText("");
                    if (!target.isEmpty()) {
                        view.namespaces().put(ns.path("metadata").path("name").asText(), target);
                    }
                });
            } else if (parts[1].equals("tags") && parts[3].startsWith("mutatingwebhookconfiguration")) {
                SemanticDiff.document(bytes).ifPresent(mwc -> view.tags().put(parts[2],
                        mwc.path("metadata").path("labels").path(REV).asText(parts[2])));
            }
        });
        return out;
    }
}
