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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Left out: the {@code cni} and {@code ztunnel} charts (a mesh that enables the cni component is told so),
 * IstioOperator component settings ({@code component pilot { k8s: ... }}) and list-step sets, which only istioctl
 * applies, and chart repositories (the charts are files in the project).
 */
public final class HelmExpander {

    /**
     * Everything one expansion renders, and its cache key.
     *
     * @param chartsDigest of every chart in the folder, for the lock file
     */
    public record Plan(Environment env, Revision revision, HelmCharts charts, List<ChartRelease> releases,
            String chartsDigest, String key) {

        public Plan {
            releases = List.copyOf(releases);
        }
    }

    private static final Pattern CRD = Pattern.compile("(?m)^kind:\\s*[\"']?CustomResourceDefinition[\"']?\\s*$");

    private final ChartRenderer renderer;
    private final Function<IstioVersion, Optional<KubernetesVersion>> lowestSupportedKubernetes;
    /** Each charts folder is read once per compile, however many environments render it. */
    private final Map<List<Object>, IstioCharts> folders = new HashMap<>();
    private int renders;

    /**
     * @param lowestSupportedKubernetes the lowest Kubernetes an Istio minor supports, if known: the version the charts
     *                                  see when the environment names none
     */
    public HelmExpander(ChartRenderer renderer,
            Function<IstioVersion, Optional<KubernetesVersion>> lowestSupportedKubernetes) {
        this.renderer = renderer;
        this.lowestSupportedKubernetes = lowestSupportedKubernetes;
    }

    /** How many charts were rendered (not taken from the cache). */
    public int renders() {
        return renders;
    }

    /** The digest of a revision's charts folder as the lock file records it, or empty when it cannot be read. */
    public static Optional<String> chartsDigest(Revision revision) {
        try {
            return Optional.of(IstioCharts.find(revision.charts().orElseThrow().directory(), revision.istio())
                    .digest());
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
        Optional<List<SetOverride>> sets = sets(mesh, env, revision, where, diagnostics);
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        IstioCharts folder = folders.computeIfAbsent(List.of(charts.directory(), revision.istio()),
                k -> IstioCharts.find(charts.directory(), revision.istio()));
        Optional<String> kubeVersion = env.kubernetes().or(() -> lowestSupportedKubernetes.apply(revision.istio()))
                .map(v -> v + ".0");
        String namespace = env.controlPlaneNamespace();
        ObjectNode shared = HelmReleases.sharedValues(env, revision, sets.get());
        List<ChartRelease> releases = new ArrayList<>();
        StringBuilder key = new StringBuilder("helm\n").append(renderer.engine()).append('\n');
        try {
            releases.add(release(folder, IstioCharts.BASE, HelmReleases.ISTIOCTL_RELEASE, namespace, kubeVersion,
                    HelmReleases.baseValues(shared), key));
            releases.add(release(folder, IstioCharts.ISTIOD, HelmReleases.ISTIOCTL_RELEASE, namespace, kubeVersion,
                    shared, key));
            for (String name : env.gateways()) {
                Gateway gateway = mesh.gateways().get(name);
                releases.add(release(folder, IstioCharts.GATEWAY, gateway.name() + "-" + revision.name(),
                        gateway.namespace(), kubeVersion, HelmReleases.gatewayValues(shared, gateway, revision), key));
            }
            String digest = folder.digest();
            return Optional.of(new Plan(env, revision, charts, releases, digest, Sha256.hex(key.toString())));
        } catch (IstioCharts.Problem e) {
            String hint = switch (e.id()) {
                case "Expand.ChartNotFound" -> "point `charts` at a folder with Istio's charts base/, istiod/ (or "
                        + "istio-control/istio-discovery/) and gateway/, or their archives base-" + revision.istio()
                        + ".tgz, ...";
                case "Expand.ChartVersion" -> "give the revision the charts of Istio " + revision.istio()
                        + " (helm pull istio/istiod --version " + revision.istio() + ")";
                default -> "replace it with the chart as Helm downloads or packages it";
            };
            diagnostics.error(e.id(), charts.at(), where + ": " + e.getMessage(), hint);
            return Optional.empty();
        }
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
     * The revision's sets, then those of the environment's overlays, as the istioctl path applies them; empty when an
     * overlay set charts cannot apply was reported at its line (a revision's own were refused when binding).
     */
    private static Optional<List<SetOverride>> sets(Mesh mesh, Environment env, Revision revision, String where,
            Diagnostics diagnostics) {
        List<SetOverride> sets = new ArrayList<>(revision.sets());
        boolean applicable = true;
        for (String overlay : env.overlays()) {
            for (OverlayOp op : mesh.overlays().get(overlay).operations()) {
                if (!(op instanceof OverlayOp.Set set)) {
                    continue;
                }
                SetOverride override = set.override();
                if (override.path().mapsToHelmValues()) {
                    sets.add(override);
                    continue;
                }
                applicable = false;
                diagnostics.error("Expand.ChartsCannotApply", override.at(), where + " is rendered from Helm charts, "
                        + "which cannot apply `set " + override.path() + "` of overlay '" + overlay + "'",
                        override.path().root().equals("components") && override.path().toString()
                                .startsWith("components.cni") ? "istiodsl does not render the cni chart: install it "
                                + "apart, or expand this revision with istioctl" : "with charts, set paths are keys "
                                + "only and start at values, meshConfig, hub or tag; component settings and list "
                                + "steps need istioctl");
            }
        }
        return applicable ? Optional.of(sets) : Optional.empty();
    }

    /**
     * Renders every release of the plan, in order, into one manifest; the values files are written into
     * {@code work}. A chart whose render holds no CRD gets its {@code crds/} files appended, as istioctl appends
     * them.
     */
    public String render(Plan plan, Path work) throws ChartRenderer.RenderFailure {
        IstioCharts folder = folders.computeIfAbsent(List.of(plan.charts().directory(), plan.revision().istio()),
                k -> IstioCharts.find(plan.charts().directory(), plan.revision().istio()));
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
                rendered = renderer.template(release, values);
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

    private static String json(ObjectNode values) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("values always serialise", e);
        }
    }
}
