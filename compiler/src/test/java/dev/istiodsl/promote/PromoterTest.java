package dev.istiodsl.promote;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.model.Mesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan of a promotion: what the mesh file becomes, from the bound mesh and its text. Nothing is compiled. */
class PromoterTest {

    @TempDir
    Path project;

    @Test
    void aTagTheTargetDeclaresAndTheSourceLacksIsRemovedWithItsLine() throws Exception {
        String text = """
                mesh m {
                  revision a { istio 1.22.8  manifest "a.yaml" }
                  revision b { istio 1.24.6  manifest "b.yaml" }
                  environment preprod {
                    revisions b
                    tag stable -> b
                    namespaces { apps -> stable }
                  }
                  environment prod after preprod soak 7d {
                    revisions a, b
                    tag stable -> a
                    tag old -> a        # the last namespace left it
                    namespaces { apps -> stable }
                  }
                }
                """;

        Promoter.Plan plan = plan(text, new Promoter.Request("preprod", "prod", Optional.empty())).orElseThrow();

        assertThat(plan.changes()).containsExactly("revisions a, b -> b", "tag stable: a -> b", "tag old: a -> (removed)");
        assertThat(plan.text()).isEqualTo(text.replace("    revisions a, b\n    tag stable -> a\n"
                + "    tag old -> a        # the last namespace left it\n", "    revisions b\n    tag stable -> b\n"));
    }

    @Test
    void whatTheTargetInheritsIsOverriddenInItsOwnBlock() throws Exception {
        String text = """
                mesh m {
                  revision a { istio 1.22.8  manifest "a.yaml" }
                  revision b { istio 1.24.6  manifest "b.yaml" }
                  environment shared { revisions a  namespaces { apps -> a } }
                  environment preprod { revisions a, b  namespaces { apps -> b } }
                  environment prod extends shared after preprod soak 7d {
                    kubernetes 1.30
                  }
                }
                """;

        Promoter.Plan plan = plan(text, new Promoter.Request("preprod", "prod", Optional.empty())).orElseThrow();

        assertThat(plan.text()).isEqualTo(text.replace("    kubernetes 1.30\n",
                "    revisions a, b\n    namespaces { apps -> b }\n    kubernetes 1.30\n"));
    }

    @Test
    void anInheritedTagTheSourceLacksCannotBeRemovedHereAndSaysWhere() throws Exception {
        String text = """
                mesh m {
                  revision a { istio 1.22.8  manifest "a.yaml" }
                  environment shared { revisions a  tag old -> a  namespaces { apps -> old } }
                  environment preprod { revisions a  namespaces { apps -> a } }
                  environment prod extends shared after preprod soak 7d { }
                }
                """;
        Diagnostics diagnostics = new Diagnostics();

        Optional<Promoter.Plan> plan = plan(text, new Promoter.Request("preprod", "prod", Optional.empty()),
                diagnostics);

        assertThat(plan).isEmpty();
        assertThat(diagnostics.sorted()).extracting(Diagnostic::toString).containsExactly("ERROR Promote.InheritedTag"
                + " mesh.istiodsl:3:37: environment 'prod' inherits tag 'old', which 'preprod' does not have, and"
                + " promote edits only the block of prod (hint: remove the tag where it is declared, or declare it in"
                + " preprod too)");
    }

    private Optional<Promoter.Plan> plan(String text, Promoter.Request request) throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        Optional<Promoter.Plan> plan = plan(text, request, diagnostics);
        assertThat(diagnostics.sorted()).isEmpty();
        return plan;
    }

    private Optional<Promoter.Plan> plan(String text, Promoter.Request request, Diagnostics diagnostics)
            throws Exception {
        Files.writeString(project.resolve("a.yaml"), "");
        Files.writeString(project.resolve("b.yaml"), "");
        Files.writeString(project.resolve("mesh.istiodsl"), text);
        CompileResult bound = new Compiler().bind(CompileRequest.forProject(project));
        assertThat(bound.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        Mesh mesh = bound.mesh().orElseThrow();
        return new Promoter(diagnostics).plan(mesh, text, mesh.at(), request);
    }
}
