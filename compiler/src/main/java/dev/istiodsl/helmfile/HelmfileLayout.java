package dev.istiodsl.helmfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.emit.CanonicalYaml;
import dev.istiodsl.json.Json;
import dev.istiodsl.partition.Part;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The files that make an environment's tree applyable with Helmfile: every part folder a local Helm chart, and
 * {@code <env>/helmfile.yaml} releasing one chart per part, in the order Flux applies them ({@link Part#dependsOn}):
 *
 * <pre>
 * prod/helmfile.yaml                         releases prod-crds, prod-base, prod-revision-1-22-8, ... with needs
 * prod/revisions/1-22-8/Chart.yaml           chart revision-1-22-8
 * prod/revisions/1-22-8/templates/resources.yaml
 * prod/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml     where the plain tree has it
 * </pre>
 *
 * <p>The resource files stay at their {@link dev.istiodsl.emit.TreeLayout} paths, outside {@code templates/}: Helm
 * evaluates every file there as a Go template, and Istio's injector ConfigMap carries Go template text of its own that
 * Helm would evaluate or reject. Instead the one template, {@code templates/resources.yaml}, prints every
 * {@code .yaml} file of the chart as it is ({@code .Files.Glob}, {@code .Files.Get}); {@code .Files} never holds
 * {@code Chart.yaml} nor {@code templates/}, so the chart renders exactly the part's resources, and a pull request
 * diffs the same files whatever the output format. The charts take no values. CRDs are ordinary templates of the
 * {@code crds} chart, not files in a {@code crds/} folder, because Helm installs that folder once and never upgrades
 * it: a new Istio version's CRDs must reach the cluster.
 *
 * <p>Helm keeps its release records in {@code kube-system} ({@link #RELEASE_NAMESPACE}), which is also how
 * {@code needs} names a release ({@code kube-system/prod-crds}), and Helmfile creates no namespace: every
 * cluster has {@code kube-system} and the tree never creates it, while the tree's own Namespaces ({@code istio-system}
 * with its labels, the gateways' and the data plane's) are resources of the {@code base} release. Had Helmfile created
 * {@code istio-system} for a release living there, Helm would refuse to adopt it into {@code base} on the first
 * install ("invalid ownership metadata"). Every namespaced resource names its namespace, so the release namespace
 * decides nothing else. Each Namespace says {@code helm.sh/resource-policy: keep}
 * ({@link dev.istiodsl.partition.Namespaces}): an upgrade that no longer holds it, a rollback or an uninstall leaves it
 * and the workloads in it. Helm waits for each release to be ready before its dependants start, as Flux does.
 * Adding or removing a canary revision adds or removes chart folders and releases, nothing else.
 */
public final class HelmfileLayout {

    /** Where Helm stores the release records; see the class comment. */
    static final String RELEASE_NAMESPACE = "kube-system";

    /** Fixed: a chart's content is its folder in Git, so its version says nothing and must not churn the diff. */
    static final String CHART_VERSION = "0.0.0";

    /** The folder, inside an environment's, of a cluster's own charts: {@code prod/clusters/prod-eu-1/}. */
    static final String CLUSTERS = "clusters/";

    /** The one template of every chart; see the class comment for why it reads files rather than holding them. */
    static final String TEMPLATE = """
            {{- /*
              Written by istiodsl. Prints every resource file of this chart as it is, never as a template: Istio's
              injector ConfigMap holds Go template text that Helm must not evaluate.
            */ -}}
            {{- range $path, $_ := .Files.Glob "**.yaml" }}
            ---
            {{ $.Files.Get $path }}
            {{- end }}
            """;

    /**
     * @param env       the environment's folder name
     * @param files     every resource file of the environment by part, as paths relative to the environment folder
     * @param tagOwner  the revision each tag points at
     * @return file path (relative to the tree root) to its text
     */
    public SortedMap<String, String> files(String env, SortedMap<Part, SortedSet<String>> files,
            Map<String, String> tagOwner) {
        return files(env, files, tagOwner, java.util.List.of());
    }

    /**
     * @param clusters the environment's clusters: each is a Helmfile environment ({@code helmfile -e prod-eu-1
     *                 apply}) beside {@code default}, which {@code helmfile apply} uses
     */
    public SortedMap<String, String> files(String env, SortedMap<Part, SortedSet<String>> files,
            Map<String, String> tagOwner, java.util.List<String> clusters) {
        return files(env, files, tagOwner, clusters, Map.of());
    }

    /**
     * @param ownCharts for each part, the clusters that render it differently and so have a chart of their own,
     *                  {@code clusters/<cluster>/<part>} ({@link #clusterCharts}): the part's release takes that chart
     *                  in the cluster's Helmfile environment, the environment's chart in every other
     */
    public SortedMap<String, String> files(String env, SortedMap<Part, SortedSet<String>> files,
            Map<String, String> tagOwner, java.util.List<String> clusters, Map<Part, SortedSet<String>> ownCharts) {
        SortedMap<String, String> out = new TreeMap<>();
        ObjectNode helmfile = Json.NODES.objectNode();
        if (!clusters.isEmpty()) {
            ObjectNode environments = helmfile.putObject("environments");
            environments.putObject("default");
            clusters.stream().sorted().forEach(environments::putObject);
        }
        helmfile.putObject("helmDefaults").put("createNamespace", false).put("wait", true);
        ArrayNode releases = helmfile.putArray("releases");
        for (Part part : files.keySet()) {
            out.put(env + "/" + part.path() + "/Chart.yaml", CanonicalYaml.write(chart(env, part)));
            out.put(env + "/" + part.path() + "/templates/resources.yaml", TEMPLATE);
            ObjectNode release = releases.addObject().put("name", releaseName(env, part))
                    .put("namespace", RELEASE_NAMESPACE).put("chart", chartPath(part, ownCharts.get(part)));
            part.dependsOn(tagOwner).ifPresent(before -> release.putArray("needs")
                    .add(RELEASE_NAMESPACE + "/" + releaseName(env, before)));
        }
        out.put(env + "/helmfile.yaml", CanonicalYaml.write(helmfile));
        return out;
    }

    /**
     * The local charts of a cluster whose render differs from its environment's in the given parts, under
     * {@code <env>/clusters/<cluster>/}, where the pipeline writes those parts' resource files.
     */
    public SortedMap<String, String> clusterCharts(String env, String cluster, java.util.Set<Part> parts) {
        SortedMap<String, String> out = new TreeMap<>();
        for (Part part : parts) {
            String folder = env + "/" + CLUSTERS + cluster + "/" + part.path();
            out.put(folder + "/Chart.yaml", CanonicalYaml.write(chart(env + ", cluster " + cluster, part)));
            out.put(folder + "/templates/resources.yaml", TEMPLATE);
        }
        return out;
    }

    /**
     * {@code ./revisions/1-22-8}, or, when some clusters have their own chart of the part, a path Helmfile renders per
     * environment (release templates see {@code .Environment}): {@code ./{{ if has .Environment.Name (list
     * "prod-eu-1") }}clusters/{{ .Environment.Name }}/{{ end }}revisions/1-22-8}.
     */
    static String chartPath(Part part, SortedSet<String> clusters) {
        if (clusters == null || clusters.isEmpty()) {
            return "./" + part.path();
        }
        return "./{{ if has .Environment.Name (list " + clusters.stream().map(c -> "\"" + c + "\"")
                .collect(java.util.stream.Collectors.joining(" ")) + ") }}" + CLUSTERS + "{{ .Environment.Name }}/{{ end }}"
                + part.path();
    }

    /** {@code prod-crds}, {@code prod-revision-1-22-8}: the name of the part's Flux Kustomization too. */
    static String releaseName(String env, Part part) {
        return env + "-" + part.slug();
    }

    private static ObjectNode chart(String env, Part part) {
        return Json.NODES.objectNode().put("apiVersion", "v2").put("name", part.slug())
                .put("description", "Part " + part.path() + " of environment " + env + ", compiled by istiodsl")
                .put("type", "application").put("version", CHART_VERSION);
    }
}
