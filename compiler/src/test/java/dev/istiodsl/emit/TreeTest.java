package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeTest {

    @Test
    void pathsAreInUtf8ByteOrderWhateverTheOrderOfAdding() {
        Tree tree = Tree.builder().add("p/\ud83d\ude00", "a", "x").add("p/\ue000", "b", "x").add("p/B", "c", "x")
                .add("p/a", "d", "x").build();
        assertThat(tree.paths()).containsExactly("p/B", "p/a", "p/\ue000", "p/\ud83d\ude00");
    }

    @Test
    void twoFilesAtOnePathAreRefusedNamingBoth() {
        Tree.Builder builder = Tree.builder().add("prod/base/a.yaml", "1", "istioctl 1.22.8 for revision 1-22-8");
        assertThatThrownBy(() -> builder.add("prod/base/a.yaml", "2", "istioctl 1.24.6 for revision 1-24-6"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod/base/a.yaml")
                .hasMessageContaining("istioctl 1.22.8 for revision 1-22-8")
                .hasMessageContaining("istioctl 1.24.6 for revision 1-24-6");
    }

    @Test
    void aFileWhereAnotherNeedsAFolderIsRefusedNamingBoth() {
        Tree.Builder builder = Tree.builder().add("prod/base", "1", "first");
        assertThatThrownBy(() -> builder.add("prod/base/a.yaml", "2", "second"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("first").hasMessageContaining("second");
        Tree.Builder other = Tree.builder().add("prod/base/a.yaml", "1", "first");
        assertThatThrownBy(() -> other.add("prod/base", "2", "second"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("prod/base/a.yaml");
    }

    @Test
    void theLockFilesPathAndPathsLeavingTheTreeAreBugs() {
        assertThatThrownBy(() -> Tree.builder().add(LockFile.FILE_NAME, "x", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tree.builder().add("../x", "x", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tree.builder().add("/x", "x", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBodyPlacedInSeveralEnvironmentsIsRenderedOnceAndItsBytesShared() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        body.putObject("metadata").put("name", "shared").put("namespace", "istio-system");
        Resource resource = new Resource(ResourceId.of(body, ""), body, "test");
        ObjectNode copy = body.deepCopy();
        Resource changed = new Resource(ResourceId.of(copy, ""), copy, "overlay");
        Tree tree = Tree.builder().addResource("prod", "base", resource).addResource("stage", "base", resource)
                .addResource("dev", "base", changed).build();
        String prod = TreeLayout.path("prod", "base", resource.id());
        String stage = TreeLayout.path("stage", "base", resource.id());
        String dev = TreeLayout.path("dev", "base", changed.id());
        assertThat(tree.content(stage)).isSameAs(tree.content(prod));
        assertThat(tree.content(dev)).isNotSameAs(tree.content(prod)).isEqualTo(tree.content(prod));
        assertThat(new String(tree.content(prod), StandardCharsets.UTF_8)).isEqualTo(CanonicalYaml.write(body));
    }

    @Test
    void treesBuiltWithTheSameRenderingsShareTheBytesOfTheBodiesTheyKeep_andRenderTheOthersAnew() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        body.putObject("metadata").put("name", "shared").put("namespace", "istio-system");
        Resource shared = new Resource(ResourceId.of(body, ""), body, "test");
        ObjectNode once = body.deepCopy();
        ((ObjectNode) once.path("metadata")).put("name", "once");
        Resource own = new Resource(ResourceId.of(once, ""), once, "overlay");
        Tree.Renderings renderings = new Tree.Renderings(b -> b == body);
        Tree prod = Tree.builder(renderings).addResource("prod", "base", shared).addResource("prod", "base", own)
                .build();
        Tree stage = Tree.builder(renderings).addResource("stage", "base", shared).addResource("stage", "base", own)
                .build();
        assertThat(stage.content(TreeLayout.path("stage", "base", shared.id())))
                .isSameAs(prod.content(TreeLayout.path("prod", "base", shared.id())));
        assertThat(stage.content(TreeLayout.path("stage", "base", own.id())))
                .isNotSameAs(prod.content(TreeLayout.path("prod", "base", own.id())))
                .isEqualTo(CanonicalYaml.write(once).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTreeCannotBeChangedThroughItsBytes() {
        byte[] content = "a".getBytes(StandardCharsets.UTF_8);
        Tree.Builder builder = Tree.builder().add("p/a", content, "x");
        content[0] = 'b';
        Tree tree = builder.build();
        tree.bytes("p/a")[0] = 'c';
        assertThat(new String(tree.bytes("p/a"), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(tree).isEqualTo(Tree.builder().add("p/a", "a", "y").build());
    }

    @Test
    void aResourceIsAddedAsItsCanonicalYamlAtItsLayoutPath() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "Service").put("apiVersion", "v1");
        body.putObject("metadata").put("namespace", "istio-system").put("name", "istiod");
        Resource resource = new Resource(ResourceId.of(body, ""), body, "istioctl 1.22.8");
        Tree tree = Tree.builder().addResource("prod", "base", resource).build();
        assertThat(tree.paths()).containsExactly("prod/base/service/istio-system_istiod.yaml");
        assertThat(new String(tree.bytes("prod/base/service/istio-system_istiod.yaml"), StandardCharsets.UTF_8))
                .isEqualTo("apiVersion: v1\nkind: Service\nmetadata:\n  name: istiod\n  namespace: istio-system\n");
        assertThatThrownBy(() -> Tree.builder().addResource("prod", "base", resource).addResource("prod", "base",
                resource)).hasMessageContaining("Service istio-system/istiod from istioctl 1.22.8");
    }
}
