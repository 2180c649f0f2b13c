package dev.istiodsl.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.partition.Namespaces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which workloads need a rollout restart after a change, or roll by themselves, read from the two trees: the Namespace
 * objects ({@code istio.io/rev} names a tag or a revision), the tag webhooks ({@code istio.io/rev} names the revision
 * a tag points at), each revision's sidecar injector and mesh ConfigMaps, and the gateways' Deployments and Services.
 * A namespace restarts when the revision serving it changes, when what its revision injects changes (the injector
 * template, the injector values: proxy image, proxy resources, {@code holdApplicationUntilProxyStarts}, ...), when its
 * revision's {@code meshConfig.defaultConfig} changes (read by the proxy at start), and when it loses its label (its
 * pods keep their sidecar until they restart). A gateway Deployment rolls when its pod template changes, and must be
 * restarted when the injector of its revision changes; each says which revisions' gateway pods take traffic meanwhile.
 */
final class Restarts {

    private static final String REV = "istio.io/rev";
    /** Injector values worth naming first: what decides the proxy a pod gets. */
    private static final List<String> PROXY_VALUES = List.of("global.proxy.image", "global.proxy.resources",
            "global.proxy.holdApplicationUntilProxyStarts", "global.hub", "global.tag", "global.proxy");
    private static final int NAMED = 4;

    private Restarts() {
    }

    static List<Restart> of(Map<String, byte[]> before, Map<String, byte[]> after,
            SortedMap<String, List<Namespaces.Departure>> departures) {
        Map<String, View> old = views(before);
        Map<String, View> now = views(after);
        List<Restart> out = new ArrayList<>();
        for (Map.Entry<String, View> env : now.entrySet()) {
            View previous = old.get(env.getKey());
            if (previous == null) {
                continue; // a new environment: its workloads start with the sidecars it injects
            }
            View current = env.getValue();
            Map<String, List<String>> proxyChanges = new TreeMap<>();
            current.revisions().forEach((revision, config) -> {
                Revision was = previous.revisions().get(revision);
                if (was != null) {
                    List<String> why = config.changesFrom(was, revision);
                    if (!why.isEmpty()) {
                        proxyChanges.put(revision, why);
                    }
                }
            });
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
                } else if (revisionNow.isPresent() && proxyChanges.containsKey(revisionNow.get())) {
                    out.add(new Restart(env.getKey(), namespace, String.join("; ",
                            proxyChanges.get(revisionNow.get()))));
                }
            });
            for (Namespaces.Departure d : departures.getOrDefault(env.getKey(), List.of())) {
                if (d.stays()) {
                    String revision = previous.serving(d.boundTo()).orElse(d.boundTo());
                    out.add(new Restart(env.getKey(), d.namespace(), "it loses its label " + REV + "=" + d.boundTo()
                            + ": running pods keep the " + revision + " sidecar until they restart, and restarted"
                            + " they start without one"));
                }
            }
            gateways(env.getKey(), previous, current, proxyChanges, out);
        }
        out.sort(Comparator.comparing(Restart::environment).thenComparing(Restart::namespace)
                .thenComparing(Restart::workload));
        return out;
    }

    /** Gateway Deployments that roll (their pod template changes, or they are new) or must restart (their injector). */
    private static void gateways(String env, View previous, View current, Map<String, List<String>> proxyChanges,
            List<Restart> out) {
        current.gateways().forEach((file, deployment) -> {
            String namespace = deployment.body().path("metadata").path("namespace").asText();
            String workload = "Deployment " + deployment.body().path("metadata").path("name").asText();
            Gateway was = previous.gateways().get(file);
            String why;
            if (was == null) {
                why = "a new gateway Deployment of revision " + deployment.revision() + ": its pods take traffic once"
                        + " ready";
            } else {
                JsonNode template = deployment.body().path("spec").path("template");
                JsonNode oldTemplate = was.body().path("spec").path("template");
                List<FieldChange> fields = SemanticDiff.fields(oldTemplate, template);
                if (!fields.isEmpty()) {
                    List<String> shown = fields.stream().filter(f -> !VersionLabels.is(f)).map(f ->
                            "spec.template." + f.path()).toList();
                    why = "its pod template changes (" + (shown.isEmpty() ? "version labels only" : named(shown))
                            + "): Kubernetes rolls its pods when the change is applied";
                } else if (proxyChanges.containsKey(deployment.revision()) && deployment.injected()) {
                    why = "its proxy is injected by " + deployment.revision() + ", and "
                            + String.join("; ", proxyChanges.get(deployment.revision()))
                            + ": restart it (kubectl rollout restart)";
                } else {
                    return;
                }
            }
            out.add(new Restart(env, namespace, workload, why + "; " + traffic(current, namespace)));
        });
    }

    /** Which revisions' gateway pods the Services of a namespace send traffic to. */
    private static String traffic(View view, String namespace) {
        List<String> said = new ArrayList<>();
        view.services().forEach((name, service) -> {
            if (!service.path("metadata").path("namespace").asText().equals(namespace)) {
                return;
            }
            JsonNode selector = service.path("spec").path("selector");
            if (!selector.isObject() || selector.isEmpty()) {
                return;
            }
            TreeSet<String> revisions = new TreeSet<>();
            view.gateways().values().forEach(g -> {
                JsonNode labels = g.body().path("spec").path("template").path("metadata").path("labels");
                boolean selected = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    selected &= labels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText());
                }
                if (selected && g.body().path("metadata").path("namespace").asText().equals(namespace)) {
                    revisions.add(g.revision());
                }
            });
            if (!revisions.isEmpty()) {
                said.add("Service " + namespace + "/" + service.path("metadata").path("name").asText()
                        + " sends traffic to the gateway pods of " + String.join(" and ", revisions));
            }
        });
        return said.isEmpty() ? "no Service of the tree selects its pods" : "during the move, " + String.join(", ",
                said);
    }

    private static String named(List<String> items) {
        return items.size() <= NAMED ? String.join(", ", items)
                : String.join(", ", items.subList(0, NAMED)) + " and " + (items.size() - NAMED) + " more";
    }

    /** What one environment's tree says about namespaces, tags, revisions and gateways. */
    private record View(Map<String, String> namespaces, Map<String, String> tags, Map<String, Revision> revisions,
            Map<String, Gateway> gateways, Map<String, JsonNode> services) {
        Optional<String> serving(String tagOrRevision) {
            return Optional.of(tags.getOrDefault(tagOrRevision, tagOrRevision));
        }
    }

    /** A gateway Deployment: its body and the revision whose folder holds it. */
    private record Gateway(JsonNode body, String revision) {
        /** Whether its proxy comes from the injector (a gateway injection template, or sidecar injection). */
        boolean injected() {
            JsonNode template = body.path("spec").path("template").path("metadata");
            return template.path("annotations").has("inject.istio.io/templates")
                    || template.path("labels").path("sidecar.istio.io/inject").asText().equals("true");
        }
    }

    /** What a revision injects: its injector template and values, and its mesh config's {@code defaultConfig}. */
    private record Revision(Optional<String> template, Optional<JsonNode> values, Optional<JsonNode> defaultConfig) {

        /** Why pods of this revision must restart to get what it injects now, one reason a part. */
        List<String> changesFrom(Revision was, String revision) {
            List<String> why = new ArrayList<>();
            if (!template.equals(was.template)) {
                why.add("the sidecar injector template of " + revision + " changed");
            }
            if (!values.equals(was.values)) {
                List<String> paths = paths(was.values, values);
                List<String> ordered = new ArrayList<>(new LinkedHashSet<>(paths.stream().filter(p ->
                        PROXY_VALUES.stream().anyMatch(p::startsWith)).toList()));
                paths.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
                why.add("the sidecar injector values of " + revision + " changed (" + named(ordered) + ")");
            }
            if (!defaultConfig.equals(was.defaultConfig)) {
                why.add("meshConfig.defaultConfig of " + revision + " changed (" + named(paths(was.defaultConfig,
                        defaultConfig).stream().map(p -> "defaultConfig." + p).toList()) + "), read by each proxy"
                        + " when it starts");
            }
            return why;
        }

        private static List<String> paths(Optional<JsonNode> a, Optional<JsonNode> b) {
            return SemanticDiff.fields(a.orElse(Json.NODES.objectNode()), b.orElse(Json.NODES.objectNode()))
                    .stream().map(FieldChange::path).toList();
        }
    }

    private static Map<String, View> views(Map<String, byte[]> tree) {
        Map<String, View> out = new TreeMap<>();
        Map<String, Map<String, Revision>> revisions = new TreeMap<>();
        tree.forEach((path, bytes) -> {
            String[] parts = path.split("/");
            if (parts.length < 4) {
                return;
            }
            View view = out.computeIfAbsent(parts[0], e -> new View(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                    new TreeMap<>(), new TreeMap<>()));
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
            } else if (parts[1].equals("revisions") && parts.length > 4 && parts[3].equals("configmap")) {
                SemanticDiff.document(bytes).ifPresent(cm -> revision(view, parts[2], cm));
            } else if (parts[1].equals("gateways") && parts.length > 5 && parts[4].equals("deployment.apps")) {
                SemanticDiff.document(bytes).ifPresent(d -> view.gateways().put(String.join("/",
                        List.of(parts).subList(1, parts.length)), new Gateway(d, parts[3])));
            }
            if (parts[parts.length - 2].equals("service")) {
                SemanticDiff.document(bytes).ifPresent(s -> view.services().put(path, s));
            }
        });
        return out;
    }

    /** Records what a ConfigMap of a revision's folder says about what the revision injects. */
    private static void revision(View view, String revision, JsonNode configMap) {
        String name = configMap.path("metadata").path("name").asText();
        Revision was = view.revisions().getOrDefault(revision, new Revision(Optional.empty(), Optional.empty(),
                Optional.empty()));
        JsonNode data = configMap.path("data");
        if (name.startsWith("istio-sidecar-injector")) {
            view.revisions().put(revision, new Revision(text(data, "config"), parsed(data, "values"),
                    was.defaultConfig()));
        } else if (name.equals("istio") || name.equals("istio-" + revision)) {
            view.revisions().put(revision, new Revision(was.template(), was.values(), parsed(data, "mesh")
                    .map(mesh -> mesh.path("defaultConfig"))));
        }
    }

    private static Optional<String> text(JsonNode data, String key) {
        return data.path(key).isTextual() ? Optional.of(data.path(key).asText()) : Optional.empty();
    }

    /** A ConfigMap value that holds YAML or JSON, read; as text when it does not parse. */
    private static Optional<JsonNode> parsed(JsonNode data, String key) {
        return text(data, key).map(text -> {
            try {
                List<JsonNode> docs = Yaml.readDocuments(text);
                return docs.size() == 1 ? docs.get(0) : Json.NODES.textNode(text);
            } catch (Yaml.Problem e) {
                return Json.NODES.textNode(text);
            }
        });
    }
}
