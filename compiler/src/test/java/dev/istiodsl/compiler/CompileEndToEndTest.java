package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Kubectl;
import dev.istiodsl.testing.StandInIstioctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compile} from the DSL to a tree on disk, through the real istioctl process code with stand-in binaries that
 * replay the real 1.22.8 and 1.24.6 revisioned renders: a canary environment and a single-revision one.
 */
class CompileEndToEndTest {

    private static final String MESH = """
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }
              gateway istio-ingressgateway { namespace istio-ingress  port http2 80 -> 8080 }
              tag stable -> 1-22-8
              overlay tuning {
                patch Deployment "istiod" { replace /spec/template/spec/containers/0/env/0/value "4" }
                drop PodDisruptionBudget "istiod"
              }
              environment canary {
                revisions 1-22-8, 1-24-6
                overlays tuning
                namespaces { payments -> stable  search -> 1-24-6 }
              }
              environment prod after canary soak 7d {
                revisions 1-22-8
                namespaces { payments -> stable }
              }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void theCanaryTreeHasEveryPartAndEachPartBuildsWithKustomize() throws Exception {
        Path project = project(temp.resolve("a"));
        CompileResult result = compile(project);
        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(result.diagnostics()).extracting(Diagnostic::id).contains("Partition.NoDefaultTag");

        Path out = project.resolve("deploy/istio");
        assertThat(Files.list(out.resolve("canary")).map(p -> p.getFileName().toString()).sorted())
                .containsExactly("base", "crds", "flux", "gateways", "revisions", "tags");
        assertThat(out.resolve("canary/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml"))
                .content().contains("value: \"4\"");
        assertThat(out.resolve("canary/gateways/istio-ingressgateway/1-24-6")).isDirectory();
        assertThat(out.resolve("prod/revisions/1-24-6")).doesNotExist();
        for (Path part : parts(out.resolve("canary"))) {
            assertThat(Kubectl.kustomize(part)).as("kubectl kustomize %s", part).contains("apiVersion:");
        }
        assertThat(Kubectl.kustomize(out.resolve("canary/flux"))).contains("name: canary-revision-1-24-6",
                "name: canary-tag-stable");
        assertThat(out.resolve("istiodsl.lock")).isRegularFile();
    }

    @Test
    void aSecondCompileWithNothingChangedStartsNoIstioctlProcessAndWritesTheSameBytes() throws Exception {
        Path project = project(temp.resolve("a"));
        CompileResult first = compile(project);
        Map<String, String> before = snapshot(project.resolve("deploy/istio"));
        List<String> callsBefore = Files.readAllLines(temp.resolve("bin/calls.log"));
        CompileResult second = compile(project);
        assertThat(Files.readAllLines(temp.resolve("bin/calls.log"))).isEqualTo(callsBefore);
        assertThat(callsBefore).anyMatch(call -> call.startsWith("manifest generate -f "));
        assertThat(first.summary().orElseThrow().istioctlRuns()).isEqualTo(2);
        assertThat(second.summary().orElseThrow().istioctlRuns()).isZero();
        assertThat(second.summary().orElseThrow().cacheHits()).isEqualTo(2);
        assertThat(snapshot(project.resolve("deploy/istio"))).isEqualTo(before);
    }

    @Test
    void aProfileFileChangedSinceTheLastCompile_runsIstioctlAgain_insteadOfReusingTheCachedRender() throws Exception {
        Path project = project(temp.resolve("a"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("revision 1-22-8 { istio 1.22.8 }",
                "revision 1-22-8 { istio 1.22.8  profile \"profiles/shop.yaml\" }"));
        Path profile = Files.createDirectories(project.resolve("profiles")).resolve("shop.yaml");
        Files.writeString(profile, "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n"
                + "  values:\n    pilot:\n      autoscaleMin: 2\n");
        assertThat(compile(project).summary().orElseThrow().istioctlRuns()).isEqualTo(2);

        Files.writeString(profile, Files.readString(profile).replace("autoscaleMin: 2", "autoscaleMin: 3"));
        CompileResult second = compile(project);

        assertThat(second.summary().orElseThrow().istioctlRuns()).as("the render of the changed profile").isEqualTo(1);
        assertThat(second.summary().orElseThrow().cacheHits()).as("1-24-6 names no profile").isEqualTo(1);
    }

    @Test
    void twoProjectsInDifferentFoldersGetByteIdenticalTrees() throws Exception {
        Path a = project(temp.resolve("one"));
        Path b = project(temp.resolve("two/deeper"));
        compile(a);
        compile(b);
        assertThat(snapshot(b.resolve("deploy/istio"))).isEqualTo(snapshot(a.resolve("deploy/istio")));
    }

    @Test
    void aFailedCompileLeavesThePreviousTreeUntouched() throws Exception {
        Path project = project(temp.resolve("a"));
        compile(project);
        Map<String, String> before = snapshot(project.resolve("deploy/istio"));
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("drop PodDisruptionBudget \"istiod\"",
                "drop PodDisruptionBudget \"istiod-renamed\""));
        CompileResult failed = compile(project);
        assertThat(failed.diagnostics()).extracting(Diagnostic::id).contains("Transform.SelectorMatchesNothing");
        assertThat(snapshot(project.resolve("deploy/istio"))).isEqualTo(before);
    }

    @Test
    void aRevisionThatFailsToExpandIsReportedOnceWithoutEchoesFromTheOverlaysOfItsEnvironment() throws Exception {
        Path project = project(temp.resolve("a"));
        Path failing = temp.resolve("failing/istioctl-1.24.6");
        Files.createDirectories(failing.getParent());
        Files.writeString(failing, "#!/bin/sh\nif [ \"$1\" = version ]; then echo 'client version: 1.24.6'; exit 0; fi\n"
                + "echo 'Error: unknown field \"bogus\"' >&2\nexit 1\n");
        failing.toFile().setExecutable(true);
        Path good = StandInIstioctl.write(temp.resolve("bin/istioctl-1.22.8"), "1.22.8", "1-22-8",
                "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml");

        CompileResult result = compileWith(project, good, failing);

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Expand.IstioctlFailed");
            assertThat(d.message()).contains("environment 'canary', revision '1-24-6'", "unknown field \"bogus\"");
        });
        assertThat(project.resolve("deploy/istio")).doesNotExist();
    }

    @Test
    void theLockRecordsAChangeToAFileTheMeshNamesNotOnlyToTheMeshItself() throws Exception {
        Path project = Files.createDirectories(temp.resolve("named-files"));
        Files.writeString(project.resolve("r1.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: istiod-r1, namespace: istio-system, labels: {app: istiod, istio.io/rev: r1}}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: istiod}}
                  template:
                    metadata: {labels: {app: istiod}}
                    spec: {containers: [{name: discovery, image: docker.io/istio/pilot:1.29.2}]}
                """);
        Files.writeString(project.resolve("replicas.json"), "[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 2}]");
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh m {
                  revision r1 { istio 1.29.2  manifest "r1.yaml" }
                  overlay scale { patch Deployment "istiod" from "replicas.json" }
                  environment test { revisions r1  overlays scale }
                }
                """);
        CompileRequest request = new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy"),
                temp.resolve("cache"), IstioctlOptions.defaults());
        new Compiler().compile(request);
        String before = Files.readString(project.resolve("deploy/istiodsl.lock"));
        Files.writeString(project.resolve("replicas.json"), "[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 3}]");
        new Compiler().compile(request);
        String after = Files.readString(project.resolve("deploy/istiodsl.lock"));

        assertThat(dslLine(after)).isNotEqualTo(dslLine(before));
    }

    private static String dslLine(String lock) {
        return lock.lines().filter(line -> line.strip().startsWith("dsl: ")).findFirst().orElseThrow();
    }

    @Test
    void anOutputDirectoryOutsideTheProjectIsRefusedBeforeAnythingRuns() throws Exception {
        Path project = project(temp.resolve("a"));
        CompileResult result = new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"),
                temp.resolve("elsewhere"), temp.resolve("cache"), IstioctlOptions.defaults()));
        assertThat(result.diagnostics()).extracting(Diagnostic::id).containsExactly("Emit.OutputOutsideProject");
        assertThat(temp.resolve("elsewhere")).doesNotExist();
    }

    private Path project(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mesh.istiodsl"), MESH);
        return dir;
    }

    private CompileResult compile(Path project) throws IOException {
        Path bin = temp.resolve("bin");
        if (Files.exists(bin.resolve("istioctl-1.22.8"))) {
            return compileWith(project, bin.resolve("istioctl-1.22.8"), bin.resolve("istioctl-1.24.6"));
        }
        Path old = StandInIstioctl.write(bin.resolve("istioctl-1.22.8"), "1.22.8", "1-22-8",
                "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml");
        Path young = StandInIstioctl.write(bin.resolve("istioctl-1.24.6"), "1.24.6", "1-24-6",
                "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml");
        return compileWith(project, old, young);
    }

    private CompileResult compileWith(Path project, Path old, Path young) {
        IstioctlOptions istioctl = new IstioctlOptions(Map.of("1.22.8", old, "1.24.6", young), Optional.empty(),
                false, "", true, URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
        Fixtures.root();
        return new Compiler().compile(new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                temp.resolve("cache"), istioctl));
    }

    private static List<Path> parts(Path env) throws IOException {
        try (Stream<Path> files = Files.walk(env)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent).filter(p -> !p.getFileName().toString().equals("flux")).sorted().toList();
        }
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }
}
