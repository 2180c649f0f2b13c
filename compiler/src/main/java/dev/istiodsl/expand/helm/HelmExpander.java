package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.HelmCharts;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands a revision that names {@code charts "folder"} by rendering Istio's Helm charts in-process: {@code base}
 * (CRDs as templates, {@code defaultRevision} when the environment's {@code default} tag points here), {@code istiod}
 * (revision, the tags pointing at it, hub, tag, values, meshConfig, sets), and one {@code gateway} release per
 * environment gateway. Release names, namespaces and values are the ones istioctl would use for the same revision
 * (see {@link HelmReleases}), so the output partitions exactly like istioctl's: the same parts, names and bodies.
 *
 * <p>The Kubernetes version the charts see is the environment's {@code kubernetes}, else the lowest one the Istio
 * minor supports (offline istioctl also renders for its minimum). A plan's key is a content hash of the charts'
 * bytes, every release's values and the engine, so the stage's cache skips the render when nothing changed.
 *
 * <p>The {@code cni} chart is rendered too when the environment's overlays turn the component on
 * ({@code set components.cni.enabled = true}, as {@code std/cni} does), as release {@code istio} in
 * {@code components.cni.namespace} or the control-plane namespace, with the same values as istiod.
 *
 * <p>{@code profile ambient} renders the {@code cni} and {@code ztunnel} charts too, like cni above.
 *
 * <p>Left out: IstioOperator component settings ({@code component pilot { k8s: ... }}) and list-step sets, which only istioctl
 * applies.
 */
public final class HelmExpander {

    /**
     * Everything one expansion renders, and its cache key.
     *
     * @param folder      where the charts are: the project's folder, or the cache's copy of a repository's
     * @param lockInputs  what the lock file records of the charts: {@code charts/<revision>}, the digest of every chart
     *                    of a folder; or {@code charts/<revision>/<chart>}, the repository's digest of each chart
     */
    public record Plan(Environment env, Revision revision, HelmCharts charts, Path folder, List<ChartRelease> releases,
            SortedMap<String, String> lockInputs, String key) {

        public Plan {
            releases = List.copyOf(releases);
            lockInputs = Collections.unmodifiableSortedMap(new TreeMap<>(lockInputs));
        }

        /** The values the istiod chart is rendered with: what says whether istiod runs here. */
        public ObjectNode istiodValues() {
            return releases.stream().filter(r -> r.chart().equals(IstioCharts.ISTIOD)).findFirst()
                    .map(ChartRelease::values).orElseGet(Json.NODES::objectNode);
        }
    }

    /**
     * The version of every chart in Istio's source tree, which the release stamps with the real one: a chart, or a
     * {@code helm.sh/chart} label, of this version says nothing about the Istio release.
     */
    public static final String SOURCE_TREE_CHART_VERSION = "1.0.0";

    /** The profile that adds ztunnel and the CNI node agent to a revision (Istio's ambient data plane). */
    static final String AMBIENT = "ambient";

    /** Istio's development registry: the hub of the source tree's charts, which the release replaces. */
    static final String DEVELOPMENT_REGISTRY = "gcr.io/istio-testing";
    private static final Pattern DEVELOPMENT_HUB = Pattern.compile("(?m)^\\s*hub:\\s*[\"']?"
            + Pattern.quote(DEVELOPMENT_REGISTRY) + "[\"']?\\s*(#.*)?$");

    private static final Pattern CRD = Pattern.compile("(?m)^kind:\\s*[\"']?CustomResourceDefinition[\"']?\\s*$");

    private final ChartRenderer renderer;
    private final Function<IstioVersion, Optional<KubernetesVersion>> lowestSupportedKubernetes;
    private final Optional<ChartRepository> repository;
    private final URI configuredRepository;
    /** Each charts folder is read once per compile, however many environments render it. */
    private final Map<List<Object>, IstioCharts> folders = new HashMap<>();
    private int renders;

    /**
     * @param lowestSupportedKubernetes the lowest Kubernetes an Istio minor supports, if known: the version the charts
     *                                  see when the environment names none
     */
    public HelmExpander(ChartRenderer renderer,
            Function<IstioVersion, Optional<KubernetesVersion>> lowestSupportedKubernetes) {
        this(renderer, lowestSupportedKubernetes, Optional.empty(), ChartRepository.ISTIO);
    }

    /**
     * @param repository           where {@code charts repository} and {@code charts "https://..."} come from; without
     *                             it such a revision is an error
     * @param configuredRepository the repository {@code charts repository} names: Istio's, or a mirror of it
     */
    public HelmExpander(ChartRenderer renderer,
            Function<IstioVersion, Optional<KubernetesVersion>> lowestSupportedKubernetes,
            Optional<ChartRepository> repository, URI configuredRepository) {
        this.renderer = renderer;
        this.lowestSupportedKubernetes = lowestSupportedKubernetes;
        this.repository = repository;
        this.configuredRepository = configuredRepository;
    }

    /** How many charts were rendered (not taken from the cache). */
    public int renders() {
        return renders;
    }

    /**
     * The digest of a revision's charts folder as the lock file records it, or empty when it cannot be read, or when
     * the charts come from a repository (whose digests are known once they are fetched).
     */
    public static Optional<String> chartsDigest(Revision revision) {
        Optional<Path> directory = revision.charts().orElseThrow().directory();
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IstioCharts.find(directory.get(), revision.istio()).digest());
        } catch (IstioCharts.Problem e) {
            return Optional.empty();
        }
    }

    /**
     * The releases of one revision in one environment, or empty after reporting, at the {@code charts} line, a chart
     * that is missing or of another version, or at its line, an overlay {@code set} charts cannot apply.
     */
    public Optional<Plan> plan(Mesh mesh, Environment env, Revision revision, Diagnostics diagnostics) {
        HelmCharts charts = revision.charts().orElseThrow();
        String where = "environment '" + env.name() + "', revision '" + revision.name() + "'";
        Optional<Sets> sets = sets(mesh, env, revision, where, diagnostics);
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        List<String> needed = new ArrayList<>(List.of(IstioCharts.BASE, IstioCharts.ISTIOD));
        boolean ambient = revision.profile().equals(AMBIENT);
        if (sets.get().cni() || ambient) {
            needed.add(IstioCharts.CNI);
        }
        if (ambient) {
            needed.add(IstioCharts.ZTUNNEL);
        }
        if (!env.gateways().isEmpty()) {
            needed.add(IstioCharts.GATEWAY);
        }
        SortedMap<String, String> lockInputs = new TreeMap<>();
        IstioCharts folder;
        try {
            folder = folder(charts, revision, needed, lockInputs);
        } catch (IstioCharts.Problem e) {
            report(e, charts, revision, where, diagnostics);
            return Optional.empty();
        }
        Optional<String> kubeVersion = env.kubernetes().or(() -> lowestSupportedKubernetes.apply(revision.istio()))
                .map(v -> v + ".0");
        String namespace = env.controlPlaneNamespace();
        ObjectNode shared = HelmReleases.sharedValues(env, revision, sets.get().values());
        List<ChartRelease> releases = new ArrayList<>();
        // "schemas as their draft reads them": a change of how charts are handed to Helm is a new key.
        StringBuilder key = new StringBuilder("helm\n").append(renderer.engine()).append("\nschemas-as-drafted\n");
        try {
            releases.add(release(folder, IstioCharts.BASE, HelmReleases.ISTIOCTL_RELEASE, namespace, kubeVersion,
                    HelmReleases.baseValues(shared), key));
            releases.add(release(folder, IstioCharts.ISTIOD, HelmReleases.ISTIOCTL_RELEASE, namespace, kubeVersion,
                    shared, key));
            if (sets.get().cni() || ambient) {
                // istioctl renders the cni component with the same values tree, in its own namespace (by default
                // the control plane's); the node agent is a cluster singleton the partitioner keeps once, in base.
                // The ambient profile turns it on, as it does in istioctl.
                releases.add(release(folder, IstioCharts.CNI, HelmReleases.ISTIOCTL_RELEASE,
                        sets.get().cniNamespace().orElse(namespace), kubeVersion, shared, key));
            }
            if (ambient) {
                // Like cni: the same values tree (profile ambient), the control plane's namespace; its DaemonSet is
                // a cluster singleton the partitioner keeps once, in base, from the newest revision.
                releases.add(release(folder, IstioCharts.ZTUNNEL, HelmReleases.ISTIOCTL_RELEASE, namespace,
                        kubeVersion, shared, key));
            }
            for (String name : env.gateways()) {
                Gateway gateway = mesh.gateways().get(name);
                releases.add(release(folder, IstioCharts.GATEWAY, gateway.name() + "-" + revision.name(),
                        gateway.namespace(), kubeVersion, HelmReleases.gatewayValues(shared, gateway, revision), key));
            }
            for (String chart : releases.stream().map(ChartRelease::chart).distinct().toList()) {
                warnUnreleased(folder, chart, shared, charts, where, diagnostics);
            }
            if (charts.directory().isPresent()) {
                lockInputs.put("charts/" + revision.name(), folder.digest());
            }
            return Optional.of(new Plan(env, revision, charts, folder.folder(), releases, lockInputs,
                    Sha256.hex(key.toString())));
        } catch (IstioCharts.Problem e) {
            report(e, charts, revision, where, diagnostics);
            return Optional.empty();
        }
    }

    /**
     * The charts of the revision: its folder, or the charts it needs fetched from their repository (whose digests go
     * into {@code lockInputs}). Each folder is looked at once per compile, again only when it lacks a chart.
     */
    private IstioCharts folder(HelmCharts charts, Revision revision, List<String> needed,
            SortedMap<String, String> lockInputs) throws IstioCharts.Problem {
        if (charts.directory().isPresent()) {
            return folders.computeIfAbsent(List.of(charts.directory().get(), revision.istio()),
                    k -> IstioCharts.find(charts.directory().get(), revision.istio()));
        }
        URI address = charts.repository().orElse(configuredRepository);
        if (repository.isEmpty()) {
            throw new IstioCharts.Problem("Expand.ChartDownloadFailed", "this compile reads no chart repository");
        }
        ChartRepository.Fetched fetched = repository.get().fetch(address, revision.istio(), needed);
        fetched.digests().forEach((chart, digest) -> lockInputs.put("charts/" + revision.name() + "/" + chart,
                digest));
        return folders.compute(List.of(fetched.folder(), revision.istio()), (k, known) -> known != null
                && known.holds(needed) ? known : IstioCharts.find(fetched.folder(), revision.istio()));
    }

    /**
     * A chart that is not what Istio publishes: unstamped (version {@code 1.0.0}, Istio's source tree), or whose images
     * come from Istio's development registry because its {@code values.yaml} names it and nothing in the mesh sets a
     * hub. It renders, but what it deploys is not the release the revision names.
     */
    private static void warnUnreleased(IstioCharts folder, String chart, ObjectNode values, HelmCharts charts,
            String where, Diagnostics diagnostics) throws IstioCharts.Problem {
        String shown = folder.shown(folder.chart(chart));
        if (folder.version(chart).equals(SOURCE_TREE_CHART_VERSION)) {
            diagnostics.warning("Expand.UnreleasedChart", charts.at(), where + ": the " + chart + " chart " + shown
                    + " is unstamped (version " + SOURCE_TREE_CHART_VERSION + ", as in Istio's source tree), not a "
                    + "chart Istio released", "use the published charts: `charts repository`, or `helm pull istio/"
                    + chart + " --version <version>`");
        }
        if (DEVELOPMENT_HUB.matcher(folder.content(chart).text("values.yaml")).find()
                && !values.path("global").path("hub").isTextual()) {
            diagnostics.warning("Expand.UnreleasedChart", charts.at(), where + ": the " + chart + " chart " + shown
                    + " takes its images from Istio's development registry " + DEVELOPMENT_REGISTRY + " (its "
                    + "values.yaml), and the mesh sets no hub", "use the published charts (`charts repository`), or "
                    + "set `hub` to the registry the images come from, like docker.io/istio");
        }
    }

    private static void report(IstioCharts.Problem e, HelmCharts charts, Revision revision, String where,
            Diagnostics diagnostics) {
        String repository = charts.repository().map(ChartRepository::base).orElse("the chart repository");
        String hint = switch (e.id()) {
            case "Expand.ChartNotFound" -> "point `charts` at a folder with Istio's charts base/, istiod/ (or "
                    + "istio-control/istio-discovery/) and gateway/, or their archives base-" + revision.istio()
                    + ".tgz, ...";
            case "Expand.ChartVersion" -> "give the revision the charts of Istio " + revision.istio()
                    + " (helm pull istio/istiod --version " + revision.istio() + ")";
            case "Expand.ChartNotInRepository" -> "check `istio " + revision.istio() + "`: Istio publishes the "
                    + "charts of every release it ships; a mirror (istiodsl.chartRepository) must hold them too";
            case "Expand.ChartDigestMismatch" -> "nothing was kept; the repository or a proxy between serves other "
                    + "bytes than its index promises: try again, or use another mirror (istiodsl.chartRepository)";
            case "Expand.ChartDownloadFailed" -> e.getMessage().contains("(offline)")
                    ? "run once without offline (-o, istiodsl.offline) to fill the cache, or point "
                            + "istiodsl.chartRepository at a mirror you can reach (a file: folder is read offline)"
                    : "check that " + repository + " is reachable, or point istiodsl.chartRepository at a mirror";
            default -> "replace it with the chart as Helm downloads or packages it";
        };
        diagnostics.error(e.id(), charts.at(), where + ": " + e.getMessage(), hint);
    }

    private ChartRelease release(IstioCharts folder, String chart, String name, String namespace,
            Optional<String> kubeVersion, ObjectNode values, StringBuilder key) throws IstioCharts.Problem {
        ChartContent content = folder.content(chart);
        ChartRelease release = new ChartRelease(chart, folder.chart(chart), name, namespace, kubeVersion, values);
        key.append(chart).append(' ').append(content.digest()).append(' ').append(name).append(' ').append(namespace)
                .append(' ').append(kubeVersion.orElse("-")).append('\n').append(json(values)).append('\n');
        return release;
    }

    /**
     * What the sets of a revision and its environment's overlays ask of the charts: the Helm values to set, in the
     * order the istioctl path applies them, and whether the {@code cni} component is on (and in which namespace).
     */
    private record Sets(List<SetOverride> values, boolean cni, Optional<String> cniNamespace) {
    }

    /**
     * The revision's sets, then those of the environment's overlays, as the istioctl path applies them; empty when an
     * overlay set charts cannot apply was reported at its line (a revision's own were refused when binding).
     * {@code components.cni.enabled} and {@code components.cni.namespace} choose the cni chart's release (as
     * {@code std/cni} does); every other component setting needs istioctl.
     */
    private static Optional<Sets> sets(Mesh mesh, Environment env, Revision revision, String where,
            Diagnostics diagnostics) {
        List<Map.Entry<SetOverride, String>> all = new ArrayList<>();
        revision.sets().forEach(set -> all.add(Map.entry(set, "")));
        for (String overlay : env.overlays()) {
            for (OverlayOp op : mesh.overlays().get(overlay).operations()) {
                if (op instanceof OverlayOp.Set set) {
                    all.add(Map.entry(set.override(), overlay));
                }
            }
        }
        List<SetOverride> values = new ArrayList<>();
        boolean applicable = true;
        boolean cni = false;
        Optional<String> cniNamespace = Optional.empty();
        for (Map.Entry<SetOverride, String> entry : all) {
            SetOverride override = entry.getKey();
            String path = override.path().toString();
            if (override.path().mapsToHelmValues()) {
                values.add(override);
            } else if (path.equals("components.cni.enabled") && override.value().isBoolean()) {
                cni = override.value().booleanValue();
            } else if (path.equals("components.cni.namespace") && override.value().isTextual()) {
                cniNamespace = Optional.of(override.value().textValue());
            } else {
                applicable = false;
                diagnostics.error("Expand.ChartsCannotApply", override.at(), where + " is rendered from Helm charts, "
                        + "which cannot apply `set " + override.path() + " = " + override.value() + "`"
                        + (entry.getValue().isEmpty() ? "" : " of overlay '" + entry.getValue() + "'"),
                        "with charts, set paths are keys only and start at values, meshConfig, hub or tag, or are "
                                + "components.cni.enabled (true or false) and components.cni.namespace; other "
                                + "component settings and list steps need istioctl");
            }
        }
        return applicable ? Optional.of(new Sets(values, cni, cniNamespace)) : Optional.empty();
    }

    /**
     * Renders every release of the plan, in order, into one manifest; the values files are written into
     * {@code work}. A chart whose render holds no CRD gets its {@code crds/} files appended, as istioctl appends
     * them.
     */
    public String render(Plan plan, Path work) throws ChartRenderer.RenderFailure {
        IstioCharts folder = folders.computeIfAbsent(List.of(plan.folder(), plan.revision().istio()),
                k -> IstioCharts.find(plan.folder(), plan.revision().istio()));
        StringBuilder manifest = new StringBuilder();
        for (ChartRelease release : plan.releases()) {
            Path values = work.resolve(release.chart() + "-" + release.name() + ".values.json");
            try {
                Files.createDirectories(work);
                Files.writeString(values, json(release.values()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + values, e);
            }
            String rendered;
            try {
                rendered = renderer.template(asValidated(folder, release, work), values);
            } catch (ChartRenderer.RenderFailure e) {
                throw new ChartRenderer.RenderFailure("Helm cannot render the " + release.chart() + " chart "
                        + folder.shown(release.location()) + " as release '" + release.name() + "' in namespace "
                        + release.namespace() + ": " + e.getMessage());
            }
            renders++;
            manifest.append(rendered).append(rendered.endsWith("\n") ? "" : "\n");
            if (!CRD.matcher(rendered).find()) {
                try {
                    folder.content(release.chart()).crds().forEach(crds -> manifest.append("---\n").append(crds)
                            .append(crds.endsWith("\n") ? "" : "\n"));
                } catch (IstioCharts.Problem e) {
                    throw new ChartRenderer.RenderFailure(e.getMessage());
                }
            }
        }
        return manifest.toString();
    }

    /**
     * The release, from a copy of its chart in {@code work} when the chart's values schema must be given to Helm as its
     * draft reads it ({@link ChartSchemas}); the chart in the project or the cache is never changed.
     */
    private static ChartRelease asValidated(IstioCharts folder, ChartRelease release, Path work)
            throws ChartRenderer.RenderFailure {
        ChartContent content;
        try {
            content = folder.content(release.chart());
        } catch (IstioCharts.Problem e) {
            throw new ChartRenderer.RenderFailure(e.getMessage());
        }
        byte[] schema = content.files().get(ChartSchemas.FILE);
        Optional<byte[]> read = schema == null ? Optional.empty() : ChartSchemas.asItsDraftReadsIt(schema);
        if (read.isEmpty()) {
            return release;
        }
        Path copy = work.resolve("charts").resolve(release.chart());
        try {
            for (Map.Entry<String, byte[]> file : content.files().entrySet()) {
                Path target = copy.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getKey().equals(ChartSchemas.FILE) ? read.get() : file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + copy, e);
        }
        return new ChartRelease(release.chart(), copy, release.name(), release.namespace(), release.kubeVersion(),
                release.values());
    }

    private static String json(ObjectNode values) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("values always serialise", e);
        }
    }
}
