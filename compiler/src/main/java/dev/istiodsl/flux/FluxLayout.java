package dev.istiodsl.flux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.FluxSettings;
import dev.istiodsl.partition.Part;
import dev.istiodsl.resource.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The files that make an environment's tree applyable: a {@code kustomization.yaml} in every part listing its files,
 * and Flux {@code Kustomization}s under {@code <env>/flux/} that apply the parts in order with {@code dependsOn}:
 * CRDs, then shared resources, then each control plane, then each tag (after the revision it points at), then each
 * gateway (after its revision). A canary revision is added or removed with its folders and its Flux objects.
 *
 * <p>Every Kustomization prunes what leaves its folder, but no Namespace: each carries
 * {@code kustomize.toolkit.fluxcd.io/prune: disabled} ({@link dev.istiodsl.partition.Namespaces}), so removing a
 * namespace from the tree never deletes the workloads in it, even with {@code prune: true}.
 *
 * <p>How they reconcile is the environment's {@link FluxSettings}: source, intervals, timeout, {@code wait} or the
 * health checks (each revision's and gateway's Deployments, so that a tag moves only once the control plane it points
 * at is healthy), prune, service account and the SOPS keys.
 */
public final class FluxLayout {

    private static final String FLUX_API = "kustomize.toolkit.fluxcd.io/v1";

    /** What the Flux objects of one environment are written with. */
    public record Layout(String treePath, FluxSettings settings) {
    }

    /** The Flux files of an environment, and the health checks written in its settings that no part holds. */
    public record Files(SortedMap<String, ObjectNode> files, List<FluxSettings.HealthCheck> unmatched) {
    }

    private final String treePath;
    private final FluxSettings settings;

    /**
     * @param treePath the tree's path from the root of the Git repository Flux reads ({@code deploy/istio}), used
     *                 in each Flux Kustomization's {@code path}
     */
    public FluxLayout(String treePath, FluxSettings settings) {
        this.treePath = treePath;
        this.settings = settings;
    }

    /**
     * @param files    every resource file of the environment by part, as paths relative to the environment folder
     * @param tagOwner the revision each tag points at
     * @param contents the resources of each part: a part holding SOPS-encrypted documents decrypts them with the keys
     *                 in the settings' Secret, and health checks are found among them
     * @return file path (relative to the tree root) to document
     */
    public Files files(String env, SortedMap<Part, SortedSet<String>> files, Map<String, String> tagOwner,
            Map<Part, List<Resource>> contents) {
        return files(env, env, files, Map.of(), tagOwner, contents);
    }

    /**
     * The Flux objects of one cluster's tree, {@code <env>/clusters/<cluster>/}: named as the environment's (each
     * cluster runs its own Flux), each reading its part from the cluster's folder or, for a part that is the same as
     * the environment's, from the environment's folder ({@code shared}), which is then not written again.
     *
     * @param folder the folder of the tree, {@code prod} or {@code prod/clusters/prod-eu-1}
     * @param names  the environment, which names the Flux objects
     * @param shared the parts served from another folder, with that folder
     */
    public Files files(String folder, String names, SortedMap<Part, SortedSet<String>> files,
            Map<Part, String> shared, Map<String, String> tagOwner, Map<Part, List<Resource>> contents) {
        SortedMap<String, ObjectNode> out = new TreeMap<>();
        List<String> fluxObjects = new ArrayList<>();
        List<FluxSettings.HealthCheck> unmatched = new ArrayList<>(settings.extraChecks());
        for (Map.Entry<Part, SortedSet<String>> part : files.entrySet()) {
            String dir = part.getKey().path();
            String from = shared.getOrDefault(part.getKey(), folder);
            if (from.equals(folder)) {
                out.put(folder + "/" + dir + "/kustomization.yaml", kustomization(part.getValue().stream()
                        .map(file -> file.substring(dir.length() + 1)).toList()));
            }
            String name = fluxName(names, part.getKey());
            List<Resource> held = contents.getOrDefault(part.getKey(), List.of());
            List<ObjectNode> checks = settings.waitForAll() ? List.of() : healthChecks(part.getKey(), held, unmatched);
            out.put(folder + "/flux/" + name + ".yaml", fluxKustomization(name, from + "/" + dir, part.getKey()
                    .dependsOn(tagOwner).map(before -> fluxName(names, before)).stream().toList(),
                    held.stream().anyMatch(r -> r.verbatim().isPresent()), checks));
            fluxObjects.add(name + ".yaml");
        }
        out.put(folder + "/flux/kustomization.yaml", kustomization(fluxObjects.stream().sorted().toList()));
        return new Files(out, settings.waitForAll() ? List.of() : List.copyOf(unmatched));
    }

    /**
     * {@code <env>/clusters/<cluster>/kustomization.yaml}, the folder one cluster's Flux is pointed at: the Flux
     * objects of its own tree ({@code flux}), or the environment's when the cluster has nothing of its own.
     */
    public static ObjectNode entryPoint(boolean ownFluxObjects) {
        return kustomization(List.of(ownFluxObjects ? "flux" : "../../flux"));
    }

    /**
     * The Deployments of a revision or gateway part (istiod, the gateway), then every written check whose object the
     * part holds; the checks found are taken out of {@code unmatched}.
     */
    private static List<ObjectNode> healthChecks(Part part, List<Resource> held, List<FluxSettings.HealthCheck> unmatched) {
        List<ObjectNode> checks = new ArrayList<>();
        if (part.kind() == Part.Kind.REVISION || part.kind() == Part.Kind.GATEWAY) {
            held.stream().filter(r -> r.kind().equals("Deployment"))
                    .forEach(r -> checks.add(check(r.apiVersion(), r.kind(), r.name(), r.namespace())));
        }
        for (java.util.Iterator<FluxSettings.HealthCheck> it = unmatched.iterator(); it.hasNext(); ) {
            FluxSettings.HealthCheck wanted = it.next();
            Optional<Resource> found = held.stream().filter(r -> r.kind().equals(wanted.kind())
                    && r.name().equals(wanted.name())
                    && wanted.namespace().map(ns -> ns.equals(r.namespace())).orElse(true)
                    && (wanted.apiVersion().isEmpty() || wanted.apiVersion().equals(r.apiVersion()))).findFirst();
            if (found.isPresent()) {
                it.remove();
                ObjectNode check = check(found.get().apiVersion(), found.get().kind(), found.get().name(),
                        found.get().namespace());
                if (!checks.contains(check)) {
                    checks.add(check);
                }
            }
        }
        return checks;
    }

    private static ObjectNode check(String apiVersion, String kind, String name, String namespace) {
        ObjectNode check = Json.NODES.objectNode().put("apiVersion", apiVersion).put("kind", kind).put("name", name);
        if (namespace != null && !namespace.isEmpty()) {
            check.put("namespace", namespace);
        }
        return check;
    }

    private ObjectNode fluxKustomization(String name, String path, List<String> dependsOn, boolean decrypt,
            List<ObjectNode> healthChecks) {
        ObjectNode body = Json.NODES.objectNode().put("apiVersion", FLUX_API).put("kind", "Kustomization");
        body.putObject("metadata").put("name", name).put("namespace", settings.namespace());
        ObjectNode spec = body.putObject("spec");
        if (decrypt) {
            ObjectNode decryption = spec.putObject("decryption").put("provider", "sops");
            settings.decryptionSecret().ifPresent(secret -> decryption.putObject("secretRef").put("name", secret));
        }
        if (!dependsOn.isEmpty()) {
            ArrayNode deps = spec.putArray("dependsOn");
            dependsOn.forEach(dep -> deps.addObject().put("name", dep));
        }
        if (!healthChecks.isEmpty()) {
            spec.putArray("healthChecks").addAll(healthChecks);
        }
        spec.put("interval", settings.interval());
        settings.retryInterval().ifPresent(retry -> spec.put("retryInterval", retry));
        spec.put("path", "./" + treePath + "/" + path);
        spec.put("prune", settings.prune());
        settings.serviceAccountName().ifPresent(account -> spec.put("serviceAccountName", account));
        spec.putObject("sourceRef").put("kind", settings.sourceKind()).put("name", settings.sourceName());
        settings.timeout().ifPresent(timeout -> spec.put("timeout", timeout));
        // CRDs must be established before anything that uses them is applied; the rest waits for readiness.
        spec.put("wait", settings.waitForAll());
        return body;
    }

    /** {@code prod-crds}, {@code prod-revision-1-22-8}, {@code prod-tag-stable}, {@code prod-gateway-public-1-22-8}. */
    static String fluxName(String env, Part part) {
        return env + "-" + part.slug();
    }

    private static ObjectNode kustomization(List<String> resources) {
        ObjectNode body = Json.NODES.objectNode().put("apiVersion", "kustomize.config.k8s.io/v1beta1")
                .put("kind", "Kustomization");
        ArrayNode list = body.putArray("resources");
        resources.forEach(list::add);
        return body;
    }
}
