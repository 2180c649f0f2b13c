package dev.istiodsl.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OverlayTransformTest {

    @TempDir
    Path dir;

    private final Diagnostics diagnostics = new Diagnostics();

    private static final List<Placed> RESOURCES = List.of(
            placed(Part.revision("1-22-8"), "apps/v1", "Deployment", "istiod-1-22-8", "istiod",
                    "{\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[{\"name\":\"discovery\"}]}}}}"),
            placed(Part.revision("1-24-6"), "apps/v1", "Deployment", "istiod-1-24-6", "istiod",
                    "{\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[{\"name\":\"discovery\"}]}}}}"),
            placed(Part.revision("1-22-8"), "policy/v1", "PodDisruptionBudget", "istiod-1-22-8", "istiod",
                    "{\"spec\":{\"minAvailable\":1}}"),
            placed(Part.gateway("public", "1-22-8"), "apps/v1", "Deployment", "public-1-22-8", "public",
                    "{\"spec\":{\"replicas\":1}}"),
            gatewayService("public"));

    @Test
    void aPatchSeesNamesWithoutTheRevisionAndAppliesToEveryRevision() throws IOException {
        List<Placed> out = transform("patch Deployment \"istiod\" { replace /spec/replicas 2 }");
        assertThat(diagnostics.sorted()).isEmpty();
        assertThat(out).filteredOn(p -> p.stableName().equals("istiod") && p.resource().kind().equals("Deployment"))
                .allSatisfy(p -> assertThat(p.resource().body().at("/spec/replicas").asInt()).isEqualTo(2));
    }

    @Test
    void aRevisionClauseNarrowsTheSelection() throws IOException {
        List<Placed> out = transform("patch Deployment \"istiod\" revision 1-24-6 { replace /spec/replicas 3 }");
        assertThat(out).filteredOn(p -> p.stableName().equals("istiod") && p.resource().kind().equals("Deployment"))
                .extracting(p -> p.resource().body().at("/spec/replicas").asInt()).containsExactly(1, 3);
    }

    @Test
    void replacingAMissingPathIsAnErrorNamingEnvironmentRevisionResourceAndOperation() throws IOException {
        transform("patch Deployment \"istiod\" revision 1-22-8 {\n"
                + "    test /spec/replicas 1\n"
                + "    replace /spec/strategy/type Recreate\n  }");
        assertThat(diagnostics.sorted()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Transform.PatchFailed");
            assertThat(d.location()).hasToString("mesh.istiodsl:8:5");
            assertThat(d.message()).contains("overlay 'o', operation 2 (replace /spec/strategy/type)",
                    "Deployment.apps istio-system/istiod-1-22-8", "environment 'e'", "revision '1-22-8'");
        });
    }

    @Test
    void removingAMissingPathIsAnErrorToo() throws IOException {
        transform("patch Deployment \"istiod\" revision 1-22-8 { remove /metadata/annotations/gone }");
        assertThat(diagnostics.sorted()).extracting(Diagnostic::id).containsExactly("Transform.PatchFailed");
    }

    @Test
    void aGatewayClauseReachesTheGatewaysSharedServiceInBase() throws IOException {
        List<Placed> out = transform("merge Service \"*\" gateway public { spec: { externalTrafficPolicy: Local } }");
        assertThat(diagnostics.sorted()).isEmpty();
        assertThat(out).filteredOn(p -> p.resource().kind().equals("Service")).singleElement()
                .satisfies(p -> assertThat(p.resource().body().at("/spec/externalTrafficPolicy").asText())
                        .isEqualTo("Local"));
    }

    @Test
    void aGatewayClauseDoesNotReachObjectsOfNoGateway() throws IOException {
        List<Placed> out = transform("merge Deployment \"*\" gateway public { spec: { replicas: 5 } }");
        assertThat(out).filteredOn(p -> p.resource().kind().equals("Deployment"))
                .extracting(p -> p.resource().name() + "=" + p.resource().body().at("/spec/replicas").asInt())
                .containsExactly("istiod-1-22-8=1", "istiod-1-24-6=1", "public-1-22-8=5");
    }

    @Test
    void aSelectorThatMatchesNothingIsAnError() throws IOException {
        transform("drop EnvoyFilter \"stats-filter-*\"");
        assertThat(diagnostics.sorted()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Transform.SelectorMatchesNothing");
            assertThat(d.message()).isEqualTo("overlay 'o' selects EnvoyFilter \"stats-filter-*\", which "
                    + "environment 'e' does not have");
        });
    }

    @Test
    void aMergePatchNullRemovesAndMapsMerge() throws IOException {
        List<Placed> out = transform("merge PodDisruptionBudget \"istiod\" { spec: { minAvailable: null, "
                + "maxUnavailable: 1 } }");
        assertThat(out).filteredOn(p -> p.resource().kind().equals("PodDisruptionBudget")).singleElement()
                .satisfies(p -> assertThat(p.resource().body().path("spec").toString())
                        .isEqualTo("{\"maxUnavailable\":1}"));
    }

    @Test
    void dropRemovesEveryMatch() throws IOException {
        List<Placed> out = transform("drop PodDisruptionBudget \"istiod\"");
        assertThat(out).hasSize(RESOURCES.size() - 1).noneMatch(p -> p.resource().kind().equals("PodDisruptionBudget"));
    }

    @Test
    void aDropIsNotedAtItsLineNamingEveryObjectItRemoved() throws IOException {
        transform("drop Deployment \"istiod\"");
        assertThat(diagnostics.sorted()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Transform.Dropped");
            assertThat(d.severity()).isEqualTo(Severity.NOTE);
            assertThat(d.location()).hasToString("mesh.istiodsl:6:3");
            assertThat(d.message()).isEqualTo("overlay 'o' drops 2 objects from environment 'e': "
                    + "Deployment.apps istio-system/istiod-1-22-8 (revisions/1-22-8), "
                    + "Deployment.apps istio-system/istiod-1-24-6 (revisions/1-24-6)");
        });
    }

    @Test
    void aDropThatAResourceOfTheSameIdentityReplacesIsNotNoted() throws IOException {
        List<Placed> out = transform("""
                drop PodDisruptionBudget "istiod" revision 1-22-8
                  resource { apiVersion: policy/v1, kind: PodDisruptionBudget,
                             metadata: { name: istiod-1-22-8, namespace: istio-system }, spec: { maxUnavailable: 1 } }""");
        assertThat(out).filteredOn(p -> p.resource().kind().equals("PodDisruptionBudget")).singleElement()
                .satisfies(pdb -> assertThat(pdb.resource().body().at("/spec/maxUnavailable").asInt()).isEqualTo(1));
        assertThat(diagnostics.sorted()).isEmpty();
    }

    @Test
    void aPatchThatRenamesAnObjectIsNotedNamingBothNames() throws IOException {
        List<Placed> out = transform("patch PodDisruptionBudget \"istiod\" { replace /metadata/name \"pilot\" }");
        assertThat(out).filteredOn(p -> p.resource().kind().equals("PodDisruptionBudget")).singleElement()
                .satisfies(pdb -> assertThat(pdb.resource().name()).isEqualTo("pilot"));
        assertThat(diagnostics.sorted()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Transform.Renamed");
            assertThat(d.severity()).isEqualTo(Severity.NOTE);
            assertThat(d.message()).isEqualTo("overlay 'o' renames 1 object in environment 'e': "
                    + "PodDisruptionBudget.policy istio-system/istiod-1-22-8 (revisions/1-22-8) is now "
                    + "PodDisruptionBudget.policy istio-system/pilot");
        });
    }

    @Test
    void anAddedResourceLandsInBaseInTheNamespaceItNames() throws IOException {
        List<Placed> out = transform("resource { apiVersion: security.istio.io/v1, kind: PeerAuthentication, "
                + "metadata: { name: default, namespace: payments }, spec: { mtls: { mode: STRICT } } }");
        Placed added = out.get(RESOURCES.size());
        assertThat(added.part()).isEqualTo(Part.BASE);
        assertThat(added.resource().id()).isEqualTo(new ResourceId("security.istio.io", "PeerAuthentication",
                "payments", "default"));
    }

    @Test
    void anAddedResourceWithoutANamespaceIsNotPutIntoTheControlPlaneNamespace() throws IOException {
        List<Placed> out = transform("resource { apiVersion: security.istio.io/v1, kind: PeerAuthentication, "
                + "metadata: { name: default }, spec: { mtls: { mode: STRICT } } }");
        Placed added = out.get(RESOURCES.size());
        assertThat(added.resource().body().path("metadata").has("namespace")).isFalse();
        assertThat(added.resource().namespace()).isEmpty();
    }

    @Test
    void aFailingTestOfASecretValueSaysSoWithoutEitherValue() throws IOException {
        transform("resource { apiVersion: v1, kind: Secret, metadata: { name: db, namespace: istio-system },"
                + " stringData: { pin: \"12\" } }\n"
                + "    patch Secret \"db\" { test /stringData/pin \"34\" }");
        assertThat(diagnostics.sorted()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("Transform.PatchFailed");
            assertThat(d.message()).isEqualTo("overlay 'o', operation 1 (test /stringData/pin) fails on Secret"
                    + " istio-system/db in environment 'e': the value there is not the one the test expects (the"
                    + " values of a Secret are not shown)");
        });
    }

    private List<Placed> transform(String overlayBody) throws IOException {
        Files.writeString(dir.resolve("mesh.istiodsl"), "mesh m {\n"
                + "  revision 1-22-8 { istio 1.22.8 }\n"
                + "  revision 1-24-6 { istio 1.24.6 }\n"
                + "  gateway public { namespace istio-ingress }\n"
                + "  overlay o {\n  " + overlayBody + "\n  }\n"
                + "  environment e { revisions 1-22-8, 1-24-6  overlays o }\n}\n");
        CompileResult bound = new Compiler().bind(CompileRequest.forProject(dir));
        assertThat(bound.diagnostics()).isEmpty();
        Mesh mesh = bound.mesh().orElseThrow();
        Environment env = mesh.environments().get("e");
        return new OverlayTransform(diagnostics).apply(env, List.of(mesh.overlays().get("o")), RESOURCES);
    }

    /** The one Service of a gateway, in base, as the partitioner places it. */
    private static Placed gatewayService(String gateway) {
        ObjectNode body = Json.NODES.objectNode().put("apiVersion", "v1").put("kind", "Service");
        body.putObject("metadata").put("name", gateway).put("namespace", "istio-ingress");
        body.putObject("spec").put("type", "LoadBalancer");
        return new Placed(Part.BASE, new Resource(ResourceId.of(body, ""), body, "test"), gateway,
                Optional.of(gateway), null);
    }

    private static Placed placed(Part part, String apiVersion, String kind, String name, String stable, String rest) {
        try {
            ObjectNode body = (ObjectNode) Json.MAPPER.readTree(rest);
            ObjectNode full = Json.NODES.objectNode().put("apiVersion", apiVersion).put("kind", kind);
            full.putObject("metadata").put("name", name).put("namespace", "istio-system");
            full.setAll(body);
            return new Placed(part, new Resource(ResourceId.of(full, ""), full, "test"), stable, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
