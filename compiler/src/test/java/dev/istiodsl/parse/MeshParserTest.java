package dev.istiodsl.parse;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.source.SourceFile;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MeshParserTest {

    private final Diagnostics diagnostics = new Diagnostics();

    private Ast.File parse(String text) {
        Ast.File file = new MeshParser().parse(new SourceFile("mesh.istiodsl", Optional.empty(), text), diagnostics);
        assertThat(diagnostics.sorted()).isEmpty();
        return file;
    }

    @Test
    void anOperationWithoutValueEndsBeforeTheNextOperation() {
        Ast.File file = parse("""
                overlay o {
                  patch Deployment "istiod" {
                    remove /metadata/annotations
                    add /spec/replicas 2
                    move /a from /b
                  }
                }
                """);
        Ast.Patch patch = (Ast.Patch) ((Ast.Overlay) file.members().get(0)).ops().get(0);
        assertThat(patch.ops()).extracting(op -> op.op().text()).containsExactly("remove", "add", "move");
        assertThat(patch.ops().get(0).value()).isEmpty();
        assertThat(patch.ops().get(1).value()).get().isInstanceOf(Ast.Value.NumberValue.class);
        assertThat(patch.ops().get(2).from()).get().extracting(Ast.Name::text).isEqualTo("/b");
    }

    @Test
    void aSetPathWithListFormsIsOneWord() {
        Ast.File file = parse("revision r { istio 1.22.8  set components.ingressGateways.[name:a].k8s.env.[0].value"
                + " = \"x\" }");
        Ast.Set set = ((Ast.Revision) file.members().get(0)).sets().get(0);
        assertThat(set.path()).isEqualTo("components.ingressGateways.[name:a].k8s.env.[0].value");
    }

    @Test
    void keywordsCanNameThingsAndBeValues() {
        Ast.File file = parse("""
                mesh m {
                  environment test { revisions r  namespaces { gateway -> tag } }
                  overlay o { merge ConfigMap "x" { data: { mode: gateway } } }
                }
                """);
        Ast.Environment env = (Ast.Environment) file.members().get(0);
        assertThat(env.name().text()).isEqualTo("test");
        assertThat(env.namespaces().get(0).namespace().text()).isEqualTo("gateway");
        assertThat(env.namespaces().get(0).target().text()).isEqualTo("tag");
    }

    @Test
    void anArrowNeedsNoSpaces() {
        Ast.File file = parse("mesh m { tag default->1-22-8 }");
        Ast.Tag tag = (Ast.Tag) file.members().get(0);
        assertThat(tag.name().text()).isEqualTo("default");
        assertThat(tag.revision().text()).isEqualTo("1-22-8");
    }

    @Test
    void versionsNumbersDurationsAndWordsAreToldApart() {
        Ast.File file = parse("mesh m { a 1.22.8  b 1.30  c 7d  d 1-22-8  e 128Mi  f 100m  g -3 }");
        assertThat(file.members()).extracting(m -> ((Ast.Setting) m).values().get(0).getClass().getSimpleName())
                .containsExactly("VersionValue", "NumberValue", "DurationValue", "WordValue", "WordValue",
                        "DurationValue", "NumberValue");
    }

    @Test
    void aValueStartingWithASlashIsAString() {
        Ast.File file = parse("revision r { istio 1.22.8  set values.cni.cniBinDir = /opt/cni/bin  "
                + "meshConfig { accessLogFile: /dev/stdout } }");
        Ast.Revision revision = (Ast.Revision) file.members().get(0);
        assertThat(revision.sets().get(0).value()).isEqualTo(new Ast.Value.StringValue(
                revision.sets().get(0).value().at(), "/opt/cni/bin"));
        assertThat(((Ast.Value.MapValue) revision.settings().get(1).values().get(0)).entries().get(0).value())
                .isInstanceOf(Ast.Value.StringValue.class);
    }

    @Test
    void allThreeCommentStylesAreIgnored() {
        Ast.File file = parse("""
                # hash
                // slashes
                /* a block
                   over lines */
                mesh m { namespace istio-system # trailing
                }
                """);
        assertThat(file.meshName()).get().extracting(Ast.Name::text).isEqualTo("m");
        assertThat(file.members()).hasSize(1);
    }

    @Test
    void stringsResolveJsonEscapes() {
        Ast.File file = parse("mesh m { hub \"a\\\"b\\\\c\\u00e9\\n\" }");
        Ast.Value value = ((Ast.Setting) file.members().get(0)).values().get(0);
        assertThat(((Ast.Value.StringValue) value).text()).isEqualTo("a\"b\\c\u00e9\n");
    }

    @Test
    void locationsAreOneBasedAndSpanTheToken() {
        Ast.File file = parse("mesh m {\n  revision 1-22-8 { istio 1.22.8 }\n}");
        Ast.Revision revision = (Ast.Revision) file.members().get(0);
        assertThat(revision.name().at()).hasToString("mesh.istiodsl:2:12");
        assertThat(revision.name().at().length()).isEqualTo(6);
    }
}
