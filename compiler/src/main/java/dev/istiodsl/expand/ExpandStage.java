package dev.istiodsl.expand;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Revision;
import dev.istiodsl.partition.Expansion;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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
 * Stage {@code expand}: every revision of every environment into resources, through istioctl or a manifest file.
 * Each distinct expansion (binary, IstioOperator, flags) runs once, distinct ones in parallel, and its output is kept
 * in the cache under a content hash of all it depends on: a compile with nothing changed starts no istioctl.
 */
public final class ExpandStage {

    /**
     * What the stage produced, per environment, and the inputs each environment used, for the lock file.
     *
     * @param binaries Istio version to the istioctl binary that expands it
     */
    public record Result(Map<String, List<Expansion>> expansions, Map<String, Map<String, String>> inputs,
            Map<String, String> binaries, int istioctlRuns, int cacheHits) {
    }

    private final Optional<IstioctlTool> istioctl;
    private final Path cache;
    private final Diagnostics diagnostics;
    private final int parallelism;

    public ExpandStage(Optional<IstioctlTool> istioctl, Path cacheDirectory, Diagnostics diagnostics,
            int parallelism) {
        this.istioctl = istioctl;
        this.cache = cacheDirectory;
        this.diagnostics = diagnostics;
        this.parallelism = Math.max(1, parallelism);
    }

    /** A revision in an environment, and how to expand it. */
    private record Job(Environment env, Revision revision, OperatorPlan plan, String key) {
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
                if (revision.manifestFile().isPresent()) {
                    Path file = revision.manifestFile().get();
                    String key = "manifest:" + Sha256.hex(read(file));
                    envInputs.put("manifest/" + name, key.substring("manifest:".length()));
                    jobs.add(new Job(env, revision, null, key));
                    continue;
                }
                OperatorPlan plan = builder.build(mesh, env, revision);
                Optional<String> identity = identity(revision, env);
                if (identity.isEmpty()) {
                    continue;
                }
                envInputs.put("istioctl/" + revision.istio(), identity.get());
                String key = Sha256.hex(("istioctl\n" + identity.get() + "\n" + plan.generated() + "\n"
                        + plan.userOperator().map(ExpandStage::read).map(Sha256::hex).orElse("-") + "\n"
                        + String.join("\n", plan.setFlags())));
                Job job = new Job(env, revision, plan, key);
                jobs.add(job);
                distinct.putIfAbsent(key, job);
            }
        }
        Map<String, String> manifests = run(distinct);
        Map<String, List<Expansion>> expansions = new TreeMap<>();
        // Environments that share an expansion share its parsed resources too: they are never changed in place.
        Map<List<String>, List<Resource>> parsed = new LinkedHashMap<>();
        for (Job job : jobs) {
            String text = job.plan() == null ? read(job.revision().manifestFile().get())
                    : manifests.get(job.key());
            if (text == null) {
                continue;
            }
            String origin = job.plan() == null ? "manifest file of revision '" + job.revision().name() + "'"
                    : "istioctl " + job.revision().istio() + " for revision '" + job.revision().name() + "'";
            String namespace = job.env().controlPlaneNamespace();
            try {
                List<String> parseKey = List.of(job.key(), origin, namespace);
                List<Resource> resources = parsed.get(parseKey);
                if (resources == null) {
                    resources = ManifestReader.read(text, origin, namespace);
                    parsed.put(parseKey, resources);
                }
                expansions.computeIfAbsent(job.env().name(), e -> new ArrayList<>()).add(new Expansion(
                        job.revision().name(), job.revision().istio(), resources));
            } catch (ManifestReader.Problem e) {
                diagnostics.in(job.env().name()).error("Expand.InvalidManifest", job.revision().at(), "environment '" + job.env().name()
                        + "': the " + origin + " cannot be read: " + e.getMessage(), null);
            }
        }
        return new Result(expansions, inputs, binaries, runs, hits);
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

    /** Runs the distinct expansions not in the cache, in parallel; returns key to manifest text. */
    private Map<String, String> run(Map<String, Job> distinct) {
        Map<String, String> out = new TreeMap<>();
        Map<String, Future<String>> pending = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "istiodsl-expand");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Job job : distinct.values()) {
                Path cached = cache.resolve("expansions").resolve(job.key() + ".yaml");
                if (Files.isRegularFile(cached)) {
                    out.put(job.key(), read(cached));
                    hits++;
                    continue;
                }
                pending.put(job.key(), pool.submit(() -> generate(job, cached)));
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

    private String generate(Job job, Path cached) throws IstioctlTool.ExpandFailure, IOException {
        Path work = Files.createDirectories(cache.resolve("work").resolve(job.key()));
        Path generated = work.resolve("istiodsl-operator.json");
        Files.writeString(generated, Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(job.plan().generated()) + "\n");
        List<Path> files = new ArrayList<>();
        job.plan().userOperator().ifPresent(files::add);
        files.add(generated);
        String manifest = istioctl.get().manifestGenerate(job.revision().istio(), files, job.plan().setFlags());
        Files.createDirectories(cached.getParent());
        Path temp = Files.createTempFile(cached.getParent(), ".expansion", ".tmp");
        Files.writeString(temp, manifest);
        Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
