package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.emit.Tree;
import dev.istiodsl.expand.helm.HelmJavaRenderer;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.testing.RealRenders;
import dev.istiodsl.testing.RealRenders.Render;
import dev.istiodsl.testing.RealRenders.RenderedGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant of issue 11, item 3, over every real render in {@code ../shared/fixtures}: every object a revision's
 * expansion holds is in the compiled tree, or a diagnostic (a note or stronger) of that environment names it and says
 * why it was left out. Each render is compiled as a {@code manifest} revision three ways, so that objects really are
 * left out: declaring nothing the render has (its tag webhooks have no tag), declaring everything it has plus a tag
 * and a gateway it lacks and an overlay {@code drop}, and as the older half of a canary with the next render (whose
 * CRDs replace its own, and whose revision is the default).
 */
class NothingRenderedIsDroppedSilentlyTest {

    private static final SortedMap<String, AtomicInteger> DROPPED_BY_REASON = new TreeMap<>();
    private static final AtomicInteger COMPILES = new AtomicInteger();
    private static final AtomicInteger RENDERS = new AtomicInteger();

    @TempDir
    static Path temp;

    @TestFactory
    Stream<DynamicTest> everyObjectOfEveryRenderIsInTheTreeOrNamedByADiagnostic() {
        List<Render> renders = RealRenders.all();
        assertThat(renders).as("renders under ../shared/fixtures").isNotEmpty();
        return renders.stream().map(render -> DynamicTest.dynamicTest(render.name(), () -> {
            RENDERS.incrementAndGet();
            check(render, "declares-nothing", bare(render));
            check(render, "declares-all-and-more", declared(render));
            Optional<Render> newer = next(renders, render);
            if (newer.isPresent()) {
                check(render, "canary-with-" + newer.get().name(), canary(render, newer.get()));
            }
        }));
    }

    @AfterAll
    static void coverage() {
        if (RENDERS.get() == 0) {
            return; // skipped: no fixtures
        }
        System.out.println("[drop invariant] " + RENDERS.get() + " renders, " + COMPILES.get() + " compiles; "
                + "objects left out, by reason: " + DROPPED_BY_REASON);
        assertThat(DROPPED_BY_REASON).as("the configurations really leave objects out").isNotEmpty();
    }

    private record Case(String mesh, List<Render> renders) {
    }

    private static Case bare(Render r) {
        return new Case("""
                mesh m {
                  revision %s { istio %s  manifest "renders/%s" }
                  environment bare { revisions %s }
                }
                """.formatted(r.revision(), r.version(), r.fileName(), r.revision()), List.of(r));
    }

    private static Case declared(Render r) {
        StringBuilder mesh = new StringBuilder("mesh m {\n");
        mesh.append("  revision ").append(r.revision()).append(" { istio ").append(r.version())
                .append("  manifest \"renders/").append(r.fileName()).append("\" }\n");
        for (RenderedGateway g : r.gateways()) {
            mesh.append("  gateway ").append(g.name()).append(" { kind ").append(g.egress() ? "egress" : "ingress")
                    .append("  namespace ").append(g.namespace()).append(" }\n");
        }
        mesh.append("  gateway absent-gateway { namespace istio-absent }\n");
        mesh.append("  overlay pruning { drop ConfigMap \"*\" }\n");
        mesh.append("  environment declared {\n    revisions ").append(r.revision()).append('\n');
        for (String tag : r.tags()) {
            mesh.append("    tag ").append(tag).append(" -> ").append(r.revision()).append('\n');
        }
        mesh.append("    tag absent-tag -> ").append(r.revision()).append('\n');
        mesh.append("    overlays pruning\n  }\n}\n");
        return new Case(mesh.toString(), List.of(r));
    }

    private static Case canary(Render older, Render newer) {
        return new Case("""
                mesh m {
                  revision %s { istio %s  manifest "renders/%s" }
                  revision %s { istio %s  manifest "renders/%s" }
                  environment canary {
                    revisions %s, %s
                    tag default -> %s
                  }
                }
                """.formatted(older.revision(), older.version(), older.fileName(), newer.revision(), newer.version(),
                newer.fileName(), older.revision(), newer.revision(), newer.revision()), List.of(older, newer));
    }

    /** The next render by version whose revision name differs, so the two can run side by side. */
    private static Optional<Render> next(List<Render> renders, Render render) {
        return renders.subList(renders.indexOf(render) + 1, renders.size()).stream()
                .filter(r -> !r.revision().equals(render.revision())).findFirst();
    }

    private static void check(Render render, String name, Case c) throws IOException {
        COMPILES.incrementAndGet();
        Path project = Files.createDirectories(temp.resolve(render.fileName() + "-" + name.replace('/', '_')));
        Files.createDirectories(project.resolve("renders"));
        for (Render r : c.renders()) {
            Files.writeString(project.resolve("renders").resolve(r.fileName()), r.text(), StandardCharsets.UTF_8);
        }
        Files.writeString(project.resolve("mesh.istiodsl"), c.mesh(), StandardCharsets.UTF_8);
        CompileRequest request = CompileRequest.forProject(project);
        CompileResult bound = new Compiler().bind(request);
        assertThat(bound.diagnostics()).as(name + ": the test mesh binds\n" + c.mesh())
                .noneMatch(Diagnostic::isError);
        Mesh mesh = bound.mesh().orElseThrow();
        Diagnostics diagnostics = new Diagnostics();
        Pipeline pipeline = new Pipeline(request, Optional.empty(), new HelmJavaRenderer(), diagnostics);
        Pipeline.Built built = pipeline.build(mesh);
        Tree tree = pipeline.render(mesh, bound.sources(), built).tree();
        List<Diagnostic> reported = diagnostics.sorted();

        for (Environment env : mesh.environments().values()) {
            SortedSet<ResourceId> input = new TreeSet<>();
            for (Render r : c.renders()) {
                input.addAll(RealRenders.ids(r.text(), env.controlPlaneNamespace()));
            }
            List<Diagnostic> ofEnv = reported.stream().filter(d -> env.name().equals(d.environment())).toList();
            if (!built.placed().containsKey(env.name())) {
                assertThat(ofEnv).as(name + ": an environment left out of the tree says why").anyMatch(
                        Diagnostic::isError);
                count("the expansion failed (" + ofEnv.stream().filter(Diagnostic::isError).findFirst()
                        .orElseThrow().id() + ")", input.size());
                continue;
            }
            SortedSet<ResourceId> emitted = emitted(tree, env.name());
            List<String> silent = new ArrayList<>();
            for (ResourceId id : input) {
                if (emitted.contains(id)) {
                    continue;
                }
                Optional<Diagnostic> naming = ofEnv.stream().filter(d -> names(d, id)).findFirst();
                if (naming.isPresent()) {
                    count(reason(naming.get()), 1);
                } else {
                    silent.add(id.toString());
                }
            }
            assertThat(silent).as(render + ", " + name + ", environment '" + env.name() + "': objects of the "
                    + "expansion neither in the tree nor named by a diagnostic; diagnostics were:\n"
                    + String.join("\n", ofEnv.stream().map(Diagnostic::toString).toList())).isEmpty();
        }
    }

    /** The ids of the resource files of an environment: every file but the Flux and kustomize objects. */
    private static SortedSet<ResourceId> emitted(Tree tree, String env) {
        SortedSet<ResourceId> ids = new TreeSet<>();
        for (String path : tree.paths()) {
            if (!path.startsWith(env + "/") || path.startsWith(env + "/flux/") || path.endsWith("/kustomization.yaml")
                    || !path.endsWith(".yaml")) {
                continue;
            }
            try {
                for (JsonNode body : Yaml.readDocuments(new String(tree.bytes(path), StandardCharsets.UTF_8))) {
                    ids.add(ResourceId.of(body, ""));
                }
            } catch (Yaml.Problem e) {
                throw new AssertionError(path + " is not YAML: " + e.describe(), e);
            }
        }
        return ids;
    }

    /** The message names the id whole: {@code Service istio-system/istiod} is not named by {@code ...istiod-1-22-8}. */
    private static boolean names(Diagnostic d, ResourceId id) {
        return Pattern.compile("(?<![\\w./-])" + Pattern.quote(id.toString()) + "(?![\\w./-])").matcher(d.message())
                .find();
    }

    private static String reason(Diagnostic d) {
        String m = d.message();
        String why = d.id().startsWith("Transform") ? "overlay drop"
                : m.contains("does not declare") ? "tag the environment does not declare"
                : m.contains("point at other revisions") ? "tag of another revision"
                : m.contains("CustomResourceDefinitions come from") ? "CRD only an older version renders"
                : m.contains("default validation") ? "default validator of a non-default revision"
                : m.contains("shared Service") ? "gateway Service replaced by the shared one"
                : "other";
        return d.id() + ": " + why;
    }

    private static synchronized void count(String reason, int n) {
        DROPPED_BY_REASON.computeIfAbsent(reason, k -> new AtomicInteger()).addAndGet(n);
    }
}
