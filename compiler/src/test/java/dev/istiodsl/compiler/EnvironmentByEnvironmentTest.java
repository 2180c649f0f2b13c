package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.emit.Tree;
import dev.istiodsl.expand.helm.HelmJavaRenderer;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.testing.SmallManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree is rendered and handed on one environment's folder at a time, so that a fleet is never whole in memory:
 * what compile writes, and verify and diff compare, is the same tree as a whole.
 */
class EnvironmentByEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void theTreeIsHandedOnOneEnvironmentsFolderAtATime_inTheOrderOfTheirNames() throws Exception {
        Files.writeString(dir.resolve("r1.yaml"), SmallManifest.istiod("1.22.8"));
        Files.writeString(dir.resolve("mesh.istiodsl"), """
                mesh m {
                  revision r1 { istio 1.22.8  manifest "r1.yaml" }
                  environment test { revisions r1 }
                  environment prod { revisions r1 }
                  environment prod-b { revisions r1  output helmfile }
                }
                """);
        CompileRequest request = CompileRequest.forProject(dir);
        CompileResult bound = new Compiler().bind(request);
        Mesh mesh = bound.mesh().orElseThrow();
        Pipeline pipeline = new Pipeline(request, Optional.empty(), new HelmJavaRenderer(), new Diagnostics());
        Pipeline.Built built = pipeline.build(mesh);
        List<Tree> folders = new ArrayList<>();
        pipeline.render(mesh, bound.sources(), built, folders::add);

        assertThat(folders).hasSize(3);
        assertThat(folders.get(0).paths()).isNotEmpty().allMatch(path -> path.startsWith("prod/"));
        assertThat(folders.get(1).paths()).contains("prod-b/helmfile.yaml").allMatch(p -> p.startsWith("prod-b/"));
        assertThat(folders.get(2).paths()).isNotEmpty().allMatch(path -> path.startsWith("test/"));
        List<String> handedOn = folders.stream().flatMap(folder -> folder.paths().stream()).toList();
        assertThat(handedOn).containsExactlyInAnyOrderElementsOf(pipeline.render(mesh, bound.sources(), built).tree()
                .paths());
    }
}
