package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.emit.EmitException;
import dev.istiodsl.emit.EmitResult;
import dev.istiodsl.emit.LockFile;
import dev.istiodsl.emit.Tree;
import dev.istiodsl.emit.TreeEmitter;
import dev.istiodsl.emit.TreeLayout;
import dev.istiodsl.emit.CanonicalYaml;
import dev.istiodsl.expand.ExpandStage;
import dev.istiodsl.expand.IstioctlAdapter;
import dev.istiodsl.expand.IstioctlTool;
import dev.istiodsl.expand.istioctl.IstioctlSettings;
import dev.istiodsl.flux.FluxLayout;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OutputFormat;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.partition.Expansion;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Partitioner;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.transform.OverlayTransform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The stages after {@code bind}, composed for {@code compile}: expand, partition, transform, emit. */
final class Pipeline {

    private final CompileRequest request;
    private final Optional<IstioctlTool> istioctl;
    private final Diagnostics diagnostics;
    private final List<Map.Entry<String, Long>> timings = new ArrayList<>();

    Pipeline(CompileRequest request, Optional<IstioctlTool> istioctl, Diagnostics diagnostics) {
        this.request = request;
        this.istioctl = istioctl;
        this.diagnostics = diagnostics;
    }

    static IstioctlTool realIstioctl(CompileRequest request) {
        IstioctlOptions options = request.istioctl();
        IstioctlSettings settings = IstioctlSettings.defaults(request.cacheDirectory(), options.pathVariable())
                .withPathSearch(options.searchPath(), options.pathVariable())
                .withOffline(options.offline())
                .withDownloadBaseUrl(options.downloadUrl())
                .withTimeout(options.timeout());
        if (options.directory().isPresent()) {
            settings = settings.withBinaryDirectory(options.directory().get());
        }
        for (Map.Entry<String, java.nio.file.Path> binary : options.binaries().entrySet()) {
            settings = settings.withConfiguredBinary(binary.getKey(), binary.getValue());
        }
        return new IstioctlAdapter(settings, request.projectDirectory());
    }

    CompileSummary run(Mesh mesh, SourceSet sources) {
        long start = System.nanoTime();
        ExpandStage.Result expanded = new ExpandStage(istioctl, request.cacheDirectory(), diagnostics, 2)
                .expand(mesh);
        start = lap("expand", start);

        Map<String, List<Placed>> placedByEnv = new TreeMap<>();
        for (Environment env : mesh.environments().values()) {
            List<Expansion> expansions = expanded.expansions().getOrDefault(env.name(),
                    List.of());
            if (expansions.size() < env.revisions().size()) {
                // A revision failed to expand and said so; overlays over the rest would only echo that error.
                continue;
            }
            placedByEnv.put(env.name(), new Partitioner(diagnostics).partition(mesh, env, expansions));
        }
        start = lap("partition", start);

        for (Environment env : mesh.environments().values()) {
            if (!placedByEnv.containsKey(env.name())) {
                continue;
            }
            List<Overlay> overlays = env.overlays().stream().map(mesh.overlays()::get).toList();
            placedByEnv.put(env.name(), new OverlayTransform(diagnostics).apply(env, overlays,
                    placedByEnv.get(env.name())));
        }
        start = lap("transform", start);

        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Tree.Builder tree = Tree.builder();
        LockFile.Inputs inputs = LockFile.Inputs.none();
        String dsl = dslDigest(sources);
        for (Environment env : mesh.environments().values()) {
            SortedMap<Part, SortedSet<String>> files = new TreeMap<>();
            Map<String, Integer> perPart = new TreeMap<>();
            List<Placed> placed = placedByEnv.getOrDefault(env.name(), List.of()).stream()
                    .sorted(Comparator.comparing(Placed::part).thenComparing(p -> p.resource().id())).toList();
            for (Placed p : placed) {
                try {
                    tree.addResource(env.name(), p.part().path(), p.resource());
                } catch (IllegalStateException e) {
                    diagnostics.error("Emit.PathCollision", env.at(), e.getMessage(), null);
                    continue;
                }
                String path = TreeLayout.path(env.name(), p.part().path(), p.resource().id());
                files.computeIfAbsent(p.part(), k -> new TreeSet<>()).add(path.substring(env.name().length() + 1));
                perPart.merge(p.part().path(), 1, Integer::sum);
            }
            counts.put(env.name(), perPart);
            if (env.output() == OutputFormat.FLUX) {
                String treePath = request.projectDirectory().relativize(request.outputDirectory()).toString()
                        .replace('\\', '/');
                new FluxLayout(FluxLayout.Settings.defaults(treePath)).files(env.name(), files, env.tags())
                        .forEach((path, body) -> tree.add(path, CanonicalYaml.write(body), "istiodsl flux layout"));
            } else if (env.output() == OutputFormat.HELMFILE) {
                diagnostics.warning("Emit.HelmfileNotYet", env.at(), "environment '" + env.name()
                        + "' asks for Helmfile output, which is not written yet; its tree is emitted plain",
                        "use `output flux` or `output plain` until Helmfile output lands");
            }
            inputs = inputs.with(env.name(), "dsl", dsl);
            for (Map.Entry<String, String> input : expanded.inputs().getOrDefault(env.name(), Map.of()).entrySet()) {
                inputs = inputs.with(env.name(), input.getKey(), input.getValue());
            }
        }
        Optional<EmitResult> emitted = Optional.empty();
        if (!diagnostics.hasErrors()) {
            try {
                emitted = Optional.of(new TreeEmitter().emit(tree.build(), inputs, request.outputDirectory()));
            } catch (EmitException e) {
                diagnostics.error("Emit.Refused", null, e.getMessage(), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + request.outputDirectory(), e);
            }
        }
        lap("emit", start);
        return new CompileSummary(counts, expanded.binaries(), expanded.istioctlRuns(), expanded.cacheHits(), emitted,
                List.copyOf(timings));
    }

    /** One digest of every source file, by name: the DSL side of the lock file. */
    private static String dslDigest(SourceSet sources) {
        StringBuilder all = new StringBuilder();
        sources.files().stream().sorted(Comparator.comparing(SourceFile::displayName)).forEach(file -> all
                .append(file.displayName()).append('\n').append(LockFile.sha256(file.text()
                        .getBytes(StandardCharsets.UTF_8))).append('\n'));
        return LockFile.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long lap(String stage, long since) {
        long now = System.nanoTime();
        timings.add(new AbstractMap.SimpleImmutableEntry<>(stage, (now - since) / 1_000_000));
        return now;
    }
}
