package dev.istiodsl.flux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.partition.Part;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * namespace from the tree never deletes the workloads in it.
 */
public final class FluxLayout {

    private static final String FLUX_API = "kustomize.toolkit.fluxcd.io/v1";
    /** The Secret holding the SOPS keys (age or PGP), named as in Flux's guide. */
    public static final String SOPS_KEYS = "sops-age";

    /**
     * @param treePath the tree's path from the root of the Git repository Flux reads ({@code deploy/istio}), used
     *                 in each Flux Kustomization's {@code path}
     * @param source   the Flux source the Kustomizations read ({@code GitRepository} named {@code flux-system} in
     *                 namespace {@code flux-system}, the bootstrap default)
     */
    public record Settings(String treePath, String sourceName, String sourceNamespace, String interval) {
        public static Settings defaults(String treePath) {
            return new Settings(treePath, "flux-system", "flux-system", "10m");
        }
    }

    private final Settings settings;

    public FluxLayout(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param files    every resource file of the environment by part, as paths relative to the environment folder
     * @param tagOwner the revision each tag points at
     * @return file path (relative to the tree root) to document
     */
    public SortedMap<String, ObjectNode> files(String env, SortedMap<Part, SortedSet<String>> files,
            Map<String, String> tagOwner) {
        return files(env, files, tagOwner, Set.of());
    }

    /**
     * @param encrypted the parts that hold SOPS-encrypted documents: their Kustomizations decrypt them with the keys
     *                  in the Secret {@value #SOPS_KEYS} of the source's namespace, as Flux's SOPS guide sets it up
     */
    public SortedMap<String, ObjectNode> files(String env, SortedMap<Part, SortedSet<String>> files,
            Map<String, String> tagOwner, Set<Part> encrypted) {
        SortedMap<String, ObjectNode> out = new TreeMap<>();
        List<String> fluxObjects = new ArrayList<>();
        for (Map.Entry<Part, SortedSet<String>> part : files.entrySet()) {
            String dir = part.getKey().path();
            out.put(env + "/" + dir + "/kustomization.yaml", kustomization(part.getValue().stream()
                    .map(file -> file.substring(dir.length() + 1)).toList()));
            String name = fluxName(env, part.getKey());
            out.put(env + "/flux/" + name + ".yaml", fluxKustomization(env, part.getKey(), part.getKey()
                    .dependsOn(tagOwner).map(before -> fluxName(env, before)).stream().toList(),
                    encrypted.contains(part.getKey())));
            fluxObjects.add(name + ".yaml");
        }
        out.put(env + "/flux/kustomization.yaml", kustomization(fluxObjects.stream().sorted().toList()));
        return out;
    }

    private ObjectNode fluxKustomization(String env, Part part, List<String> dependsOn, boolean decrypt) {
        ObjectNode body = Json.NODES.objectNode().put("apiVersion", FLUX_API).put("kind", "Kustomization");
        body.putObject("metadata").put("name", fluxName(env, part)).put("namespace", settings.sourceNamespace());
        ObjectNode spec = body.putObject("spec");
        if (decrypt) {
            spec.putObject("decryption").put("provider", "sops").putObject("secretRef").put("name", SOPS_KEYS);
        }
        if (!dependsOn.isEmpty()) {
            ArrayNode deps = spec.putArray("dependsOn");
            dependsOn.forEach(dep -> deps.addObject().put("name", dep));
        }
        spec.put("interval", settings.interval());
        spec.put("path", "./" + settings.treePath() + "/" + env + "/" + part.path());
        spec.put("prune", true);
        spec.putObject("sourceRef").put("kind", "GitRepository").put("name", settings.sourceName());
        // CRDs must be established before anything that uses them is applied; the rest waits for readiness.
        spec.put("wait", true);
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
