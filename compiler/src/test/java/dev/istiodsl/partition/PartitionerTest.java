package dev.istiodsl.partition;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.FixtureProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A canary: Istio 1.22.8 and 1.24.6 side by side in one environment, from their real revisioned renders. */
class PartitionerTest {

    @TempDir
    Path dir;

    private final Diagnostics diagnostics = new Diagnostics();
    private List<Placed> placed;

    @BeforeEach
    void partitionTheCanary() {
        Mesh mesh = new FixtureProject(dir)
                .withFixture("istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml", "r/1-22-8.yaml")
                .withFixture("istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml", "r/1-24-6.yaml")
                .bind("""
                        mesh m {
                          revision 1-22-8 { istio 1.22.8  manifest "r/1-22-8.yaml" }
                          revision 1-24-6 { istio 1.24.6  manifest "r/1-24-6.yaml" }
                          gateway istio-ingressgateway { namespace istio-ingress }
                          environment canary {
                            revisions 1-22-8, 1-24-6
                            tag stable -> 1-22-8
                            namespaces { payments -> stable  search -> 1-24-6 }
                          }
                        }
                        """);
        Environment env = mesh.environments().get("canary");
        placed = new Partitioner(diagnostics).partition(mesh, env, FixtureProject.expansions(mesh, env));
    }

    @Test
    void twoRevisionsSideBySideCollideNowhere() {
        assertThat(diagnostics.sorted()).extracting(d -> d.id()).containsOnly("Partition.NoDefaultTag",
                "Partition.Dropped");
        assertThat(placed).extracting(p -> p.resource().id()).doesNotHaveDuplicates();
    }

    @Test
    void aRenderedTagTheEnvironmentDoesNotDeclareIsLeftOutAndNamed() {
        assertThat(placed).noneMatch(p -> p.resource().name().equals("istio-revision-tag-canary"));
        assertThat(diagnostics.sorted()).filteredOn(d -> d.id().equals("Partition.Dropped")).singleElement()
                .satisfies(note -> {
                    assertThat(note.severity()).isEqualTo(Severity.NOTE);
                    assertThat(note.location().line()).as("the revision that rendered it").isEqualTo(3);
                    assertThat(note.message()).isEqualTo("environment 'canary': 1 object of revision '1-24-6' is "
                            + "left out, for revision tags the environment does not declare (canary): "
                            + "MutatingWebhookConfiguration.admissionregistration.k8s.io istio-revision-tag-canary");
                    assertThat(note.hint()).contains("tag canary -> 1-24-6");
                });
    }

    @Test
    void theGatewaysSharedServiceAndItsPerRevisionObjectsBelongToTheGateway() {
        assertThat(placed).filteredOn(p -> p.gateway().isPresent())
                .extracting(p -> p.part().path() + " " + p.resource().kind())
                .contains("base Service", "gateways/istio-ingressgateway/1-22-8 Deployment",
                        "gateways/istio-ingressgateway/1-24-6 Deployment")
                .allMatch(line -> line.startsWith("gateways/istio-ingressgateway/") || line.equals("base Service"));
    }

    @Test
    void crdsComeOnceFromTheNewestVersion() {
        List<Resource> crds = in("crds");
        assertThat(crds).hasSize(14).allMatch(r -> r.origin().contains("1-24-6"));
    }

    @Test
    void eachRevisionGetsItsOwnControlPlane() {
        assertThat(in("revisions/1-22-8")).extracting(Resource::name).contains("istiod-1-22-8",
                "istio-sidecar-injector-1-22-8", "istiod-clusterrole-1-22-8-istio-system",
                "istio-validator-1-22-8-istio-system").allMatch(name -> name.contains("1-22-8"));
        assertThat(in("revisions/1-24-6")).extracting(Resource::name).contains("istiod-1-24-6")
                .allMatch(name -> name.contains("1-24-6"));
    }

    @Test
    void aTagComesFromTheRevisionItPointsAt() {
        assertThat(in("tags/stable")).singleElement().satisfies(webhook -> {
            assertThat(webhook.name()).isEqualTo("istio-revision-tag-stable");
            assertThat(webhook.label("istio.io/rev")).isEqualTo("1-22-8");
        });
    }

    @Test
    void eachRevisionRunsItsOwnGatewayDeploymentBehindOneService() {
        assertThat(in("gateways/istio-ingressgateway/1-22-8")).extracting(Resource::kind)
                .contains("Deployment", "ServiceAccount");
        assertThat(in("gateways/istio-ingressgateway/1-24-6")).extracting(Resource::name)
                .allMatch(name -> name.equals("istio-ingressgateway-1-24-6"));
        Resource service = in("base").stream().filter(r -> r.kind().equals("Service")
                && r.name().equals("istio-ingressgateway")).findFirst().orElseThrow();
        assertThat(service.body().path("spec").path("selector").toString())
                .isEqualTo("{\"app\":\"istio-ingressgateway\",\"istio\":\"ingressgateway\"}");
    }

    @Test
    void withoutADefaultTagTheIstiodServiceAndValidationFollowTheOldestRevisionAndSaySo() {
        Resource istiod = in("base").stream().filter(r -> r.kind().equals("Service") && r.name().equals("istiod"))
                .findFirst().orElseThrow();
        assertThat(istiod.body().path("spec").path("selector").path("istio.io/rev").asText()).isEqualTo("1-22-8");
        assertThat(in("base")).filteredOn(r -> r.name().equals("istiod-default-validator")).singleElement()
                .satisfies(validator -> assertThat(validator.origin()).contains("1-22-8"));
        assertThat(diagnostics.sorted()).filteredOn(d -> d.id().equals("Partition.NoDefaultTag")).singleElement()
                .satisfies(note -> assertThat(note.message()).endsWith("follow the oldest, '1-22-8'"));
    }

    @Test
    void namespacesAreEmittedWithTheirTagOrRevision() {
        Map<String, String> namespaces = in("base").stream().filter(r -> r.kind().equals("Namespace"))
                .collect(Collectors.toMap(Resource::name, r -> r.label("istio.io/rev")));
        assertThat(namespaces).containsExactlyInAnyOrderEntriesOf(Map.of("istio-system", "", "istio-ingress", "",
                "payments", "stable", "search", "1-24-6"));
    }

    @Test
    void sharedObjectsOfTheBaseChartComeFromTheNewestVersion() {
        assertThat(in("base")).filteredOn(r -> r.name().equals("istio-reader-service-account")).singleElement()
                .satisfies(sa -> assertThat(sa.origin()).contains("1-24-6"));
    }

    @Test
    void overlaySelectorsSeeNamesWithoutTheRevision() {
        assertThat(placed).filteredOn(p -> p.resource().name().equals("istio-validator-1-22-8-istio-system"))
                .singleElement().extracting(Placed::stableName).isEqualTo("istio-validator-istio-system");
    }

    private List<Resource> in(String part) {
        return placed.stream().filter(p -> p.part().path().equals(part)).map(Placed::resource).toList();
    }
}
