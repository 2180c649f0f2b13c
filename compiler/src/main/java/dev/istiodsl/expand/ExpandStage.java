package dev.istiodsl.expand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.expand.helm.ChartRenderer;
import dev.istiodsl.expand.helm.HelmExpander;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OperatorFile;
import dev.istiodsl.model.Revision;
import dev.istiodsl.partition.Expansion;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.util.AtomicFiles;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stage {@code expand}: every revision of every environment into resources, through istioctl, Istio's Helm charts
 * rendered in-process ({@link HelmExpander}), or a manifest file. Each distinct expansion (binary, IstioOperator,
 * flags; or charts and values) runs once, distinct istioctl runs in parallel, and its output is kept in the cache
 * under a content hash of all it depends on: a compile with nothing changed starts no istioctl and renders no chart.
 */
public final class ExpandStage {

    /**
     * What the stage produced, per environment, and the inputs each environment used, for the lock file.
     *
     * @param binaries    Istio version to the istioctl binary that expands it
     * @param helmRenders charts rendered by Helm (not taken from the cache)
     * @param cacheHits   expansions taken from the cache, istioctl's and Helm's
     */
    public record Result(Map<String, List<Expansion>> expansions, Map<String, Map<String, String>> inputs,
            Map<String, String> binaries, int istioctlRuns, int helmRenders, int cacheHits) {
    }

    private final Optional<IstioctlTool> istioctl;
    private final HelmExpander helm;
    private final Path cache;
    private final Diagnostics diagnostics;
    private final int parallelism;

    public ExpandStage(Optional<IstioctlTool> istioctl, HelmExpander helm, Path cacheDirectory,
            Diagnostics diagnostics, int parallelism) {
        this.istioctl = istioctl;
        this.helm = helm;
        this.cache = cacheDirectory;
        this.diagnostics = diagnostics;
        this.parallelism = Math.max(1, parallelism);
    }

    /** A revision in an environment, how to expand it, and the cache key of that expansion. */
    private record Job(Environment env, Revision revision, Source source, String key) {
    }

    /** Where a revision's manifest comes from. */
    private sealed interface Source {
        /** Kept on every resource, for messages that name where an object came from. */
        String origin(Revision revision);

        /** What gave the expansion, and the verb, for messages about what it lacks: "istioctl 1.22.8 printed". */
        String gave(Revision revision);

        /** What to do about an expansion with no object. */
        String emptyHint();

        /** What to do about an expansion without istiod. */
        String noIstiodHint();

        record ManifestFile(dev.istiodsl.model.ManifestFile manifest) implements Source {
            @Override
            public String origin(Revision revision) {
                return "manifest file of revision '" + revision.name() + "'";
            }

            @Override
            public String gave(Revision revision) {
                return "its manifest file holds";
            }

            @Override
            public String emptyHint() {
                return "generate the manifest again (istioctl manifest generate)";
            }

            @Override
            public String noIstiodHint() {
                return "generate the manifest with the pilot component, or say that the revision runs no istiod "
                        + "here with `profile remote` or `profile empty`";
            }
        }

        record Istioctl(OperatorPlan plan) implements Source {
            @Override
            public String origin(Revision revision) {
                return "istioctl " + revision.istio() + " for revision '" + revision.name() + "'";
            }

            @Override
            public String gave(Revision revision) {
                return "istioctl " + revision.istio() + " printed";
            }

            @Override
            public String emptyHint() {
                return "istioctl exited 0: run it by hand with the IstioOperator in the cache's work/ folder to see "
                        + "why";
            }

            @Override
            public String noIstiodHint() {
                return "check the IstioOperator in the cache's work/ folder; a revision without istiod says so with "
                        + "`component pilot { enabled: false }` or `profile remote`";
            }
        }

        record Charts(HelmExpander.Plan plan) implements Source {
            @Override
            public String origin(Revision revision) {
                return "Helm charts " + revision.istio() + " for revision '" + revision.name() + "'";
            }

            @Override
            public String gave(Revision revision) {
                return "Istio's Helm charts " + revision.istio() + " rendered";
            }

            @Override
            public String emptyHint() {
                return "check the charts folder: its charts render nothing with these values";
            }

            @Override
            public String noIstiodHint() {
                return "check the istiod chart of the charts folder; a revision without istiod says so with "
                        + "`values { istiodRemote: { enabled: true } }` or `profile remote`";
            }
        }
    }

    public Result expand(Mesh mesh) {
        IstioOperatorBuilder builder = new IstioOperatorBuilder(diagnostics);
        Map<String, Map<String, String>> inputs = new TreeMap<>();
        List<Job> jobs = new ArrayList<>();
        Map<String, Job> distinct = new LinkedHashMap<>();
        for (Environment env : mesh.environments().values()) {
            Map<String, String> envInputs = inputs.computeIfAbsent(env.name(), e -> new TreeMap<>());
            for (String name : env.revisions()) {
                Revision revision = mesh.revisions().get(name);
                envInputs.put("istio/" + name, revision.istio().toString());
                if (revision.manifest().isPresent()) {
                    String key = "manifest:" + digest(revision.manifest().get().file());
                    envInputs.put("manifest/" + name, key.substring("manifest:".length()));
                    jobs.add(new Job(env, revision, new Source.ManifestFile(revision.manifest().get()), key));
                    continue;
                }
                if (revision.charts().isPresent()) {
                    Optional<HelmExpander.Plan> plan = helm.plan(mesh, env, revision, diagnostics.in(env.name()));
                    if (plan.isPresent()) {
                        envInputs.putAll(plan.get().lockInputs());
                        Job job = new Job(env, revision, new Source.Charts(plan.get()), plan.get().key());
                        jobs.add(job);
                        distinct.putIfAbsent(job.key(), job);
                    }
                    continue;
                }
                OperatorPlan plan = builder.build(mesh, env, revision);
                Optional<String> identity = identity(revision, env);
                if (identity.isEmpty()) {
                    continue;
                }
                envInputs.put("istioctl/" + revision.istio(), identity.get());
                String key = Sha256.hex(("istioctl\n" + identity.get() + "\n" + plan.generated() + "\n"
                        + plan.userOperator().map(this::digest).orElse("-") + "\n"
                        + revision.profileFile().map(this::digest).orElse("-") + "\n"
                        + String.join("\n", plan.setFlags())));
                Job job = new Job(env, revision, new Source.Istioctl(plan), key);
                jobs.add(job);
                distinct.putIfAbsent(key, job);
            }
        }
        Map<String, String> manifests = run(distinct);
        Map<String, List<Expansion>> expansions = new TreeMap<>();
        // Environments that share an expansion share its parsed resources too: they are never changed in place.
        Map<List<String>, Parsed> parsed = new LinkedHashMap<>();
        for (Job job : jobs) {
            String text = job.source() instanceof Source.ManifestFile manifest ? text(manifest.manifest().file())
                    : manifests.get(job.key());
            if (text == null) {
                continue;
            }
            String origin = job.source().origin(job.revision());
            String namespace = job.env().controlPlaneNamespace();
            try {
                List<String> parseKey = List.of(job.key(), origin, namespace);
                Parsed read = parsed.get(parseKey);
                if (read == null) {
                    read = Parsed.of(ManifestReader.readLocated(text, origin, namespace));
                    parsed.put(parseKey, read);
                }
                if (!saysWhatItIs(job, read.identity()) || !rendersWhatItAsks(job, read.resources())) {
                    continue;
                }
                expansions.computeIfAbsent(job.env().name(), e -> new ArrayList<>()).add(new Expansion(
                        job.revision().name(), job.revision().istio(), read.resources()));
            } catch (ManifestReader.Problem e) {
                diagnostics.in(job.env().name()).error("Expand.InvalidManifest", at(job), "environment '"
                        + job.env().name() + "': the " + origin + " cannot be read: " + e.getMessage(),
                        e.istioOperator() && job.source() instanceof Source.ManifestFile manifest
                                ? "to expand it with istioctl, name it with `operator \"" + manifest.manifest()
                                        .written() + "\"` instead of `manifest`; a manifest is what `istioctl "
                                        + "manifest generate -f` prints for it" : null);
            }
        }
        return new Result(expansions, inputs, binaries, runs, helm.renders(), hits);
    }

    /** An expansion's objects, and what they say about the release and revision they were generated for. */
    private record Parsed(List<Resource> resources, ManifestIdentity identity) {
        static Parsed of(List<ManifestReader.Located> located) {
            return new Parsed(located.stream().map(ManifestReader.Located::resource).toList(),
                    ManifestIdentity.of(located));
        }
    }

    /** Where a problem with what an expansion holds is reported: the {@code charts} or {@code manifest} line. */
    private static SourceLocation at(Job job) {
        if (job.source() instanceof Source.Charts charts) {
            return charts.plan().charts().at();
        }
        if (job.source() instanceof Source.ManifestFile manifest) {
            return manifest.manifest().at();
        }
        return job.revision().at();
    }

    /**
     * A manifest file whose images, chart labels or revision labels ({@link ManifestIdentity}) say another Istio
     * release or revision than the DSL declares for it is an error, and is not used: every rule would judge it as
     * the release it is not, and its revision's objects would land in no revision's part. (istioctl's own version is
     * checked when it runs, and a chart's by its {@code Chart.yaml}.)
     */
    private boolean saysWhatItIs(Job job, ManifestIdentity identity) {
        if (!(job.source() instanceof Source.ManifestFile manifest)) {
            return true;
        }
        Revision revision = job.revision();
        String where = "environment '" + job.env().name() + "', revision '" + revision.name() + "': ";
        String file = manifest.manifest().written();
        Diagnostics out = diagnostics.in(job.env().name());
        boolean ok = true;
        Map<String, List<ManifestIdentity.Evidence>> versions = ManifestIdentity.bySaid(
                identity.otherVersions(revision.istio()));
        if (!versions.isEmpty()) {
            String only = versions.keySet().iterator().next();
            out.error("Expand.ManifestVersionMismatch", manifest.manifest().at(), where + "declared `istio "
                    + revision.istio() + "`, its manifest file holds Istio " + said(file, versions, v -> v),
                    versions.size() == 1 ? "if the file is Istio " + only + ", declare `istio " + only + "`; "
                            + "otherwise generate it again with istioctl " + revision.istio()
                            : "generate the file again with istioctl " + revision.istio() + ": one manifest is one "
                                    + "Istio release");
            ok = false;
        }
        Map<String, List<ManifestIdentity.Evidence>> revisions = ManifestIdentity.bySaid(
                identity.otherRevisions(revision.name()));
        if (!revisions.isEmpty()) {
            String only = revisions.keySet().iterator().next();
            out.error("Expand.ManifestRevisionMismatch", manifest.manifest().at(), where + "its manifest file was "
                    + "generated for revision " + said(file, revisions, r -> "'" + r + "'"), (revisions.size() == 1
                            ? "name the revision '" + only + "' in the DSL, or generate" : "generate")
                            + " the file again with `istioctl manifest generate --revision " + revision.name() + "`");
            ok = false;
        }
        return ok;
    }

    /**
     * "1.26.1 (image ... of Deployment ..., render/r1.yaml:12, and 3 more places)", for each value said, in the
     * order of the file.
     */
    private static String said(String file, Map<String, List<ManifestIdentity.Evidence>> said,
            java.util.function.UnaryOperator<String> shown) {
        List<String> out = new ArrayList<>();
        said.forEach((value, evidence) -> {
            ManifestIdentity.Evidence first = evidence.get(0);
            int more = evidence.size() - 1;
            out.add(shown.apply(value) + " (" + first.what() + ", " + file + ":" + first.line() + (more == 0 ? ""
                    : ", and " + more + (more == 1 ? " more place" : " more places")) + ")");
        });
        return String.join(" and ", out);
    }

    /**
     * An expansion with no object, or without the istiod Deployment its revision asks for, is an error (and is not
     * kept in the cache): committed, it would make Flux delete the control plane that runs. istioctl can exit 0 with
     * nothing on its output, and a manifest file can be empty.
     */
    private boolean rendersWhatItAsks(Job job, List<Resource> resources) {
        Revision revision = job.revision();
        String where = "environment '" + job.env().name() + "', revision '" + revision.name() + "': ";
        SourceLocation at = at(job);
        Diagnostics out = diagnostics.in(job.env().name());
        if (resources.isEmpty()) {
            out.error("Expand.EmptyExpansion", at, where + job.source().gave(revision) + " no Kubernetes object", "an empty expansion, "
                    + "committed, would make Flux delete everything the revision runs; " + job.source().emptyHint());
            forget(job);
            return false;
        }
        List<JsonNode> specs = new ArrayList<>();
        if (job.source() instanceof Source.Istioctl istioctl) {
            // The operator file as istioctl reads it (aliases resolved), not its top-level shape only.
            revision.operator().map(OperatorFile::spec).ifPresent(specs::add);
            specs.add(istioctl.plan().generated().path("spec"));
        } else if (job.source() instanceof Source.Charts charts) {
            specs.add(Json.NODES.objectNode().set("values", charts.plan().istiodValues()));
        }
        if (ControlPlane.rendered(resources) || ControlPlane.notAskedFor(revision.profile(), specs).isPresent()) {
            return true;
        }
        out.error("Expand.NoControlPlane", at, where + job.source().gave(revision) + " " + resources.size()
                + (resources.size() == 1 ? " object" : " objects") + " but no istiod Deployment, and nothing in the "
                + "revision turns pilot off (profile '" + Path.of(revision.profile()).getFileName() + "')",
                "committed, it would make Flux delete the istiod that runs; " + job.source().noIstiodHint());
        forget(job);
        return false;
    }

    /** A failed expansion is not cached, so the next compile runs istioctl or Helm again. */
    private void forget(Job job) {
        if (job.source() instanceof Source.ManifestFile) {
            return;
        }
        try {
            Files.deleteIfExists(cached(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + cached(job) + " from the expansion cache", e);
        }
    }

    private int runs;
    private int hits;
    private final Map<String, String> binaries = new TreeMap<>();

    private Optional<String> identity(Revision revision, Environment env) {
        if (istioctl.isEmpty()) {
            diagnostics.in(env.name()).error("Expand.NoIstioctl", revision.at(), "revision '" + revision.name() + "' needs istioctl "
                    + revision.istio() + " but no istioctl is configured", "configure istioctl, or give the revision "
                    + "an already generated `manifest \"file.yaml\"`");
            return Optional.empty();
        }
        try {
            String identity = istioctl.get().identity(revision.istio());
            binaries.putIfAbsent(revision.istio().toString(), istioctl.get().location(revision.istio()));
            return Optional.of(identity);
        } catch (IstioctlTool.ExpandFailure e) {
            diagnostics.in(env.name()).error("Expand.IstioctlNotFound", revision.at(), "environment '" + env.name()
                    + "', revision '" + revision.name() + "': " + e.getMessage(), null);
            return Optional.empty();
        }
    }

    /**
     * Runs the distinct expansions not in the cache: istioctl's in parallel, Helm's meanwhile in this thread (a render
     * takes milliseconds once the engine is loaded); returns key to manifest text.
     */
    private Map<String, String> run(Map<String, Job> distinct) {
        Map<String, String> out = new TreeMap<>();
        Map<String, Future<String>> pending = new LinkedHashMap<>();
        List<Job> charts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "istiodsl-expand");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Job job : distinct.values()) {
                Path cached = cached(job);
                if (Files.isRegularFile(cached)) {
                    out.put(job.key(), read(cached));
                    hits++;
                } else if (job.source() instanceof Source.Charts) {
                    charts.add(job);
                } else {
                    pending.put(job.key(), pool.submit(() -> generate(job, cached)));
                }
            }
            for (Job job : charts) {
                render(job).ifPresent(text -> out.put(job.key(), text));
            }
            for (Map.Entry<String, Future<String>> entry : pending.entrySet()) {
                Job job = distinct.get(entry.getKey());
                try {
                    out.put(entry.getKey(), entry.getValue().get());
                    runs++;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    String message = cause instanceof IstioctlTool.ExpandFailure ? cause.getMessage()
                            : String.valueOf(cause);
                    diagnostics.in(job.env().name()).error("Expand.IstioctlFailed", job.revision().at(), "environment '"
                            + job.env().name() + "', revision '" + job.revision().name() + "' (istio "
                            + job.revision().istio() + "): " + message, null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while expanding", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private Path cached(Job job) {
        return cache.resolve("expansions").resolve(job.key() + ".yaml");
    }

    /** Renders a revision's charts into the cache, or reports Helm's failure at its {@code charts} line. */
    private Optional<String> render(Job job) {
        HelmExpander.Plan plan = ((Source.Charts) job.source()).plan();
        try {
            String manifest = helm.render(plan, cache.resolve("work").resolve(job.key()));
            store(cached(job), manifest);
            return Optional.of(manifest);
        } catch (ChartRenderer.RenderFailure e) {
            diagnostics.in(job.env().name()).error("Expand.HelmFailed", plan.charts().at(), "environment '"
                    + job.env().name() + "', revision '" + job.revision().name() + "' (istio "
                    + job.revision().istio() + "): " + e.getMessage(), "fix the chart or the values it was given"
                    + " (values, meshConfig, set); the values files are in the cache's work/ folder");
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the expansion cache " + cache, e);
        }
    }

    private String generate(Job job, Path cached) throws IstioctlTool.ExpandFailure, IOException {
        OperatorPlan plan = ((Source.Istioctl) job.source()).plan();
        Path work = Files.createDirectories(cache.resolve("work").resolve(job.key()));
        Path generated = work.resolve("istiodsl-operator.json");
        Files.writeString(generated, Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(plan.generated()) + "\n");
        List<Path> files = new ArrayList<>();
        plan.userOperator().ifPresent(files::add);
        files.add(generated);
        String manifest = istioctl.get().manifestGenerate(job.revision().istio(), files, plan.setFlags());
        store(cached, manifest);
        return manifest;
    }

    /** Written beside and moved in, so a cache file is whole or absent, never half-written. */
    private static void store(Path cached, String manifest) throws IOException {
        Files.createDirectories(cached.getParent());
        AtomicFiles.write(cached, manifest);
    }

    /** Files this compile read, by path: every environment that names a file shares one read, hash and parse. */
    private final Map<Path, String> texts = new HashMap<>();
    private final Map<Path, String> digests = new HashMap<>();

    private String text(Path file) {
        return texts.computeIfAbsent(file, ExpandStage::read);
    }

    private String digest(Path file) {
        return digests.computeIfAbsent(file, f -> Sha256.hex(text(f)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
