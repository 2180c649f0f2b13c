package dev.istiodsl.lsp;

import java.util.List;
import java.util.Map;

/**
 * What the editor may offer: the statements each block takes, and a line on each, as the README's "Declarations and
 * their settings" table says. The binder is what enforces them; this only suggests and explains.
 */
final class Help {

    private Help() {
    }

    /** The statements allowed in each block, by the keyword that opens it ("" is the top of a file). */
    static final Map<String, List<String>> STATEMENTS = Map.of(
            "", List.of("mesh", "import", "revision", "gateway", "overlay"),
            "mesh", List.of("import", "revision", "gateway", "overlay", "environment", "tag", "suppress",
                    "namespace", "hub", "pullSecrets", "overlays", "output", "kubernetes", "flux"),
            "revision", List.of("istio", "profile", "operator", "manifest", "charts", "hub", "values", "meshConfig",
                    "set", "component"),
            "gateway", List.of("kind", "namespace", "service", "replicas", "port", "resources", "nodeSelector",
                    "tolerations", "annotations", "serviceAnnotations", "labels"),
            "overlay", List.of("patch", "merge", "drop", "resource", "set"),
            "patch", List.of("add", "remove", "replace", "move", "copy", "test"),
            "environment", List.of("kubernetes", "cluster", "clusters", "revisions", "tag", "namespaces",
                    "overlays", "gateways", "output", "namespace", "hub", "pullSecrets", "suppress", "flux"),
            "cluster", List.of("meshID", "clusterName", "network", "values", "set", "overlays", "kubernetes",
                    "flux"));

    /** Values a setting takes from a fixed set. */
    static final Map<String, List<String>> VALUES = Map.of(
            "output", List.of("flux", "helmfile", "plain"),
            "kind", List.of("ingress", "egress", "eastwest"),
            "service", List.of("ClusterIP", "NodePort", "LoadBalancer"),
            "profile", List.of("default", "minimal", "demo", "empty", "remote", "ambient", "preview"),
            "component", List.of("base", "pilot", "cni", "ztunnel", "istiodRemote"));

    /** One line on each keyword and setting. */
    static final Map<String, String> DOCS = Map.ofEntries(
            Map.entry("mesh", "`mesh NAME { }`: the root of a mesh; one per root file."),
            Map.entry("import", "`import std/NAME` or `import \"path.istiodsl\"`: brings in a library file's"
                    + " revisions, gateways and overlays."),
            Map.entry("revision", "`revision NAME { }`: a control plane; NAME is the suffix of its resources and the"
                    + " value of `istio.io/rev`."),
            Map.entry("gateway", "`gateway NAME { }`: deployed once per revision (blue/green) behind one Service."),
            Map.entry("overlay", "`overlay NAME { }`: patches, merges, drops and added resources, applied where an"
                    + " environment or the mesh names it in `overlays`."),
            Map.entry("environment", "`environment NAME [extends OTHER] [after PREVIOUS soak DURATION] { }`: one"
                    + " stage of the promotion chain, compiled into its own folder."),
            Map.entry("tag", "`tag NAME -> REVISION`: a revision tag; namespaces labelled `istio.io/rev=NAME` follow"
                    + " it."),
            Map.entry("suppress", "`suppress RULE [KIND \"glob\"] \"reason\"`: accepts a rule's findings on purpose;"
                    + " the reason is shown in every report."),
            Map.entry("namespace", "The control-plane namespace (default `istio-system`); in a gateway, the"
                    + " gateway's namespace."),
            Map.entry("hub", "The registry every image comes from."),
            Map.entry("pullSecrets", "`pullSecrets a, b`: image pull Secrets for every pod."),
            Map.entry("overlays", "`overlays a, b`: overlays applied in every environment (mesh) or in this one,"
                    + " after the inherited ones."),
            Map.entry("output", "`output flux|helmfile|plain`: the shape of the tree."),
            Map.entry("kubernetes", "`kubernetes 1.30`: the cluster version resources are validated against."),
            Map.entry("istio", "`istio VERSION`: the Istio release whose istioctl (or charts) expands the revision;"
                    + " required."),
            Map.entry("profile", "`profile NAME` or `profile \"file.yaml\"`: the IstioOperator profile."),
            Map.entry("operator", "`operator \"file.yaml\"`: an IstioOperator file to start from."),
            Map.entry("manifest", "`manifest \"file.yaml\"`: an already generated manifest, instead of istioctl."),
            Map.entry("charts", "`charts \"folder\"`: Istio's Helm charts, rendered in-process instead of istioctl."),
            Map.entry("values", "`values { }`: Helm values of the IstioOperator."),
            Map.entry("meshConfig", "`meshConfig { }`: the mesh configuration."),
            Map.entry("set", "`set PATH = VALUE`: an istioctl `--set`; `a.[0].b` and `a.[name:x].b` are list"
                    + " paths."),
            Map.entry("component", "`component base|pilot|cni|ztunnel|istiodRemote { }`: settings of one"
                    + " IstioOperator component."),
            Map.entry("kind", "`kind ingress|egress|eastwest`."),
            Map.entry("service", "`service ClusterIP|NodePort|LoadBalancer`: the type of the gateway's shared"
                    + " Service."),
            Map.entry("replicas", "`replicas N`: pods per revision."),
            Map.entry("port", "`port NAME PORT [-> TARGET]`: a port of the gateway's Service."),
            Map.entry("resources", "`resources { }`: requests and limits of the gateway's proxy."),
            Map.entry("nodeSelector", "`nodeSelector { }`."),
            Map.entry("tolerations", "`tolerations [ ]`."),
            Map.entry("annotations", "`annotations { }`: on the gateway's pods."),
            Map.entry("serviceAnnotations", "`serviceAnnotations { }`: on the gateway's shared Service."),
            Map.entry("labels", "`labels { }`: on the gateway's pods."),
            Map.entry("patch", "`patch KIND \"glob\" [in NS] [revision R] [tag T] [gateway G] { OP... }` or"
                    + " `from \"file.json\"`: RFC 6902 operations on the matching resources."),
            Map.entry("merge", "`merge KIND \"glob\" { }` or `from \"file.yaml\"`: an RFC 7386 merge patch."),
            Map.entry("drop", "`drop KIND \"glob\"`: removes the matching resources."),
            Map.entry("resource", "`resource { }` or `resource from \"file.yaml\"`: adds resources."),
            Map.entry("cluster", "`cluster NAME` or `cluster NAME { }`: a cluster that runs the environment's tree;"
                    + " the block sets what differs on it (`meshID`, `clusterName`, `network`, `values { }`, `set`,"
                    + " `overlays`, `kubernetes`, `flux { }`)."),
            Map.entry("clusters", "`clusters a, b`: clusters that run the environment's tree as it is."),
            Map.entry("meshID", "`meshID NAME`: the cluster's `values.global.meshID`."),
            Map.entry("clusterName", "`clusterName NAME`: the cluster's `values.global.multiCluster.clusterName`."),
            Map.entry("network", "`network NAME`: the cluster's `values.global.network`."),
            Map.entry("flux", "`flux { interval: 5m, timeout: 10m, ... }`: settings of the Flux objects written for"
                    + " the mesh, an environment or a cluster."),
            Map.entry("revisions", "`revisions a, b`: the control planes the environment runs."),
            Map.entry("namespaces", "`namespaces { NS -> TAG-OR-REVISION }`: which control plane injects each"
                    + " namespace."),
            Map.entry("gateways", "`gateways a, b`: the gateways the environment deploys (default: all)."),
            Map.entry("extends", "`extends OTHER`: start from another environment's settings."),
            Map.entry("after", "`after PREVIOUS soak DURATION`: the place in the promotion chain, and how long"
                    + " PREVIOUS must run a change first."));
}
