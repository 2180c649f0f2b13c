package dev.istiodsl.partition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the tree promises about Namespaces.
 *
 * <p><b>It never makes Flux or Helm delete one.</b> Deleting a Namespace deletes every workload in it, and a
 * Namespace leaves the tree for ordinary reasons: a namespace is unbound, a gateway or an environment removed. So every
 * Namespace of the tree, whatever made it (the compiler, Istio's render, an overlay), carries both tools' documented
 * per-object opt-out: {@code kustomize.toolkit.fluxcd.io/prune: disabled}, which Flux's garbage collection skips
 * (when the object leaves the source, and when its Kustomization is deleted), and {@code helm.sh/resource-policy:
 * keep}, which Helm skips on upgrade, rollback and uninstall. Both go on every Namespace, so a resource file is the
 * same bytes in a Flux tree and in a Helmfile tree. A Namespace that leaves the tree is then forgotten by the tool and
 * left in the cluster as it was last applied: workloads, labels ({@code istio.io/rev} included) and all. What becomes
 * of each one a change takes out of the tree, or out of its binding, is {@link Departure#fate}.
 *
 * <p><b>It creates every namespace it writes into</b>, except the ones every cluster has ({@link #isBuiltIn}), which
 * no tool should own: Helm could not adopt them.
 */
public final class Namespaces {

    public static final String FLUX_PRUNE = "kustomize.toolkit.fluxcd.io/prune";
    public static final String FLUX_PRUNE_DISABLED = "disabled";
    public static final String HELM_RESOURCE_POLICY = "helm.sh/resource-policy";
    public static final String HELM_KEEP = "keep";

    /** The label that binds a namespace to a tag or revision. */
    public static final String REV_LABEL = Partitioner.REV_LABEL;

    /**
     * Created by the API server in every cluster; {@code default}, {@code kube-system} and {@code kube-public} cannot
     * even be deleted.
     */
    private static final Set<String> BUILT_IN = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private static final Pattern NAMESPACE_FILE = Pattern.compile("(?:[^/]+/)+namespace/[^/]+\\.yaml");

    private Namespaces() {
    }

    /**
     * Whether a path inside an environment's folder is a Namespace's file, {@code <part>/namespace/<name>.yaml}
     * ({@link dev.istiodsl.emit.TreeLayout}): how earlier trees are searched for their Namespaces.
     */
    public static boolean isNamespaceFile(String pathInEnvironment) {
        return NAMESPACE_FILE.matcher(pathInEnvironment).matches();
    }

    /** Whether every cluster has the namespace from the start: the tree may write into it, and never creates it. */
    public static boolean isBuiltIn(String namespace) {
        return BUILT_IN.contains(namespace);
    }

    /** The resources, every Namespace among them annotated so that neither Flux nor Helm ever deletes it. */
    public static List<Placed> kept(List<Placed> placed) {
        List<Placed> out = new ArrayList<>(placed.size());
        for (Placed p : placed) {
            if (!p.resource().kind().equals("Namespace") || isKept(p.resource().body())) {
                out.add(p);
                continue;
            }
            ObjectNode body = p.resource().body().deepCopy();
            ObjectNode metadata = body.get("metadata") instanceof ObjectNode m ? m : body.putObject("metadata");
            JsonNode existing = metadata.get("annotations");
            ObjectNode annotations = existing instanceof ObjectNode object ? object : metadata.putObject("annotations");
            annotations.put(FLUX_PRUNE, FLUX_PRUNE_DISABLED).put(HELM_RESOURCE_POLICY, HELM_KEEP);
            out.add(new Placed(p.part(), p.resource().withBody(body), p.stableName(), p.gateway(), p.at()));
        }
        return out;
    }

    /** Whether a Namespace's body carries both annotations: whether Flux and Helm leave it when it leaves the tree. */
    public static boolean isKept(JsonNode namespace) {
        JsonNode annotations = namespace.path("metadata").path("annotations");
        return FLUX_PRUNE_DISABLED.equals(annotations.path(FLUX_PRUNE).asText(""))
                && HELM_KEEP.equals(annotations.path(HELM_RESOURCE_POLICY).asText(""));
    }

    /**
     * A namespace one tree created or bound that the next one does not: its Namespace leaves the tree, or loses its
     * {@code istio.io/rev} label.
     *
     * @param boundTo the tag or revision its label named in the earlier tree, "" for none
     * @param stays   whether the later tree still holds the Namespace (without the label)
     * @param wasKept whether the earlier tree's Namespace told Flux and Helm to keep it (an earlier istiodsl wrote
     *                Namespaces without the annotations)
     */
    public record Departure(String namespace, String boundTo, boolean stays, boolean wasKept) {

        /** Whether applying the later tree deletes the namespace, with everything in it. */
        public boolean deletes() {
            return !stays && !wasKept;
        }

        /**
         * What becomes of the namespace in the cluster: the one wording of the warnings and of {@code diff}.
         */
        public String fate() {
            if (stays) {
                return "namespace '" + namespace + "' stays in the tree without its label " + REV_LABEL + "="
                        + boundTo + ": the next apply removes the label from it, and its new pods start without a"
                        + " sidecar (running pods keep theirs until they restart)";
            }
            if (!wasKept) {
                return "namespace '" + namespace + "' leaves the tree, and its Namespace, written by an earlier"
                        + " istiodsl, does not tell Flux or Helm to keep it: applying this tree would delete it and"
                        + " everything in it";
            }
            String leaves = "namespace '" + namespace + "' leaves the tree: Flux and Helm keep it in the cluster (its"
                    + " Namespace says " + FLUX_PRUNE + ": " + FLUX_PRUNE_DISABLED + " and " + HELM_RESOURCE_POLICY
                    + ": " + HELM_KEEP + ")";
            if (boundTo.isEmpty()) {
                return leaves + ", with whatever still runs in it; the objects this tree held in it are deleted";
            }
            return leaves + " with its workloads and its label " + REV_LABEL + "=" + boundTo + ", which nothing"
                    + " removes: its pods keep getting sidecars from '" + boundTo + "' while the environment runs it,"
                    + " and once '" + boundTo + "' is gone, or the label is removed by hand, its new pods start"
                    + " without a sidecar";
        }

        /** How to finish what {@link #fate} describes, for hints. */
        public String followUp() {
            if (stays) {
                return "to keep it in the mesh, bind it again in `namespaces { }`; otherwise restart its workloads to"
                        + " take them out of it";
            }
            if (!wasKept) {
                return "keep it in the tree for one more change: apply a tree compiled by this istiodsl first (it adds"
                        + " the annotations), then remove it; or, if it must go with everything in it, suppress"
                        + " Namespace.WouldBeDeleted with the reason";
            }
            if (boundTo.isEmpty()) {
                return "delete it by hand once it is empty (`kubectl delete namespace " + namespace + "`), or leave"
                        + " it";
            }
            return "to take it out of the mesh: `kubectl label namespace " + namespace + " " + REV_LABEL + "-` and"
                    + " restart its workloads; to delete it with everything in it: `kubectl delete namespace "
                    + namespace + "`; to keep it meshed, bind it again in `namespaces { }`";
        }
    }

    /**
     * The namespaces {@code before} created or bound that {@code after} does not, in name order.
     *
     * @param before the Namespaces of one environment's earlier tree, by name
     * @param after  the same environment's Namespaces now, by name
     */
    public static List<Departure> departures(Map<String, ? extends JsonNode> before,
            Map<String, ? extends JsonNode> after) {
        List<Departure> out = new ArrayList<>();
        new TreeMap<String, JsonNode>(before).forEach((name, was) -> {
            String boundTo = boundTo(was);
            JsonNode now = after.get(name);
            if (now == null) {
                out.add(new Departure(name, boundTo, false, isKept(was)));
            } else if (!boundTo.isEmpty() && boundTo(now).isEmpty()) {
                out.add(new Departure(name, boundTo, true, isKept(was)));
            }
        });
        return out;
    }

    /** The tag or revision a Namespace's {@code istio.io/rev} label names, "" for none. */
    public static String boundTo(JsonNode namespace) {
        return namespace.path("metadata").path("labels").path(REV_LABEL).asText("");
    }
}
