package dev.istiodsl.partition;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.testing.FixtureProject;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way the partitioner leaves an object of an expansion out of the tree, on real renders: the object is named by
 * a {@code Partition.Dropped} note with its reason, unless the tree has the same identity from another revision.
 */
class LeftOutObjectsAreNamedTest {

    @TempDir
    Path dir;

    private final Diagnostics diagnostics = new Diagnostics();

    @Test
    void tagWebhooksOfTagsTheEnvironmentDoesNotDeclareAreNamedPerRevision() {
        List<Placed> placed = partition("""
                mesh m {
                  revision 1-28-10 { istio 1.28.10  manifest "r/1-28-10.yaml" }
                  environment prod { revisions 1-28-10 }
                }
                """, "istio-helm-rendered/1.28.10-rev-1-28-10/manifest.yaml", "r/1-28-10.yaml");

        assertThat(placed).noneMatch(p -> p.resource().name().contains("revision-tag"));
        assertThat(dropped()).singleElement().isEqualTo("environment 'prod': 4 objects of revision '1-28-10' are "
                + "left out, for revision tags the environment does not declare (default, stable): "
                + "Service istio-system/istiod-revision-tag-default, Service istio-system/istiod-revision-tag-stable, "
                + "MutatingWebhookConfiguration.admissionregistration.k8s.io istio-revision-tag-default, "
                + "MutatingWebhookConfiguration.admissionregistration.k8s.io istio-revision-tag-stable");
    }

    @Test
    void aTagsServiceThatOnlyAnotherRevisionRendersIsNamed() {
        List<Placed> placed = partition("""
                mesh m {
                  revision 1-22-8 { istio 1.22.8  manifest "r/1-22-8.yaml" }
                  revision 1-28-10 { istio 1.28.10  manifest "r/1-28-10.yaml" }
                  environment prod {
                    revisions 1-22-8, 1-28-10
                    tag default -> 1-28-10
                    tag stable -> 1-22-8
                  }
                }
                """, "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml", "r/1-22-8.yaml",
                "istio-helm-rendered/1.28.10-rev-1-28-10/manifest.yaml", "r/1-28-10.yaml");

        assertThat(placed).filteredOn(p -> p.resource().name().equals("istio-revision-tag-stable")).singleElement()
                .satisfies(webhook -> assertThat(webhook.resource().origin()).contains("1-22-8"));
        assertThat(dropped()).singleElement().isEqualTo("environment 'prod': 1 object of revision '1-28-10' is "
                + "left out, for tags that point at other revisions here (stable -> 1-22-8), whose expansions lack "
                + "it: Service istio-system/istiod-revision-tag-stable");
    }

    @Test
    void crdsOnlyAnOlderVersionRendersAreNamedAndTheSameCrdOfTheNewestIsNot() {
        List<Placed> placed = partition("""
                mesh m {
                  revision 1-20-8 { istio 1.20.8  manifest "r/1-20-8.yaml" }
                  revision 1-21-1 { istio 1.21.1  manifest "r/1-21-1.yaml" }
                  environment prod { revisions 1-20-8, 1-21-1  tag default -> 1-20-8 }
                }
                """, "istio-helm-rendered/1.20.8-rev-1-20-8/manifest.yaml", "r/1-20-8.yaml",
                "istio-manifests/1.21.1/manifest.yaml", "r/1-21-1.yaml");

        assertThat(placed).filteredOn(p -> p.part().equals(Part.CRDS)).hasSize(14)
                .allMatch(p -> p.resource().origin().contains("1-21-1"));
        assertThat(dropped()).singleElement().isEqualTo("environment 'prod': 1 object of revision '1-20-8' is left "
                + "out, because CustomResourceDefinitions come from revision '1-21-1' (Istio 1.21.1), the newest "
                + "version the environment runs, which lacks it: "
                + "CustomResourceDefinition.apiextensions.k8s.io istiooperators.install.istio.io");
    }

    @Test
    void theDefaultValidatorOfAnotherRevisionIsNamedWhenTheDefaultRevisionRendersNone() {
        partition("""
                mesh m {
                  revision 1-20-8 { istio 1.20.8  manifest "r/1-20-8.yaml" }
                  revision 1-21-1 { istio 1.21.1  manifest "r/1-21-1.yaml" }
                  environment prod { revisions 1-20-8, 1-21-1  tag default -> 1-21-1 }
                }
                """, "istio-helm-rendered/1.20.8-rev-1-20-8/manifest.yaml", "r/1-20-8.yaml",
                "istio-manifests/1.21.1/manifest.yaml", "r/1-21-1.yaml");

        assertThat(diagnostics.sorted()).filteredOn(d -> d.message().contains("istiod-default-validator"))
                .singleElement().satisfies(note -> {
                    assertThat(note.message()).isEqualTo("environment 'prod': 1 object of revision '1-20-8' is left"
                            + " out, because default validation comes from revision '1-21-1' (the `default` tag's),"
                            + " whose expansion lacks it: "
                            + "ValidatingWebhookConfiguration.admissionregistration.k8s.io istiod-default-validator");
                    assertThat(note.hint()).isEqualTo("point the `default` tag at revision '1-20-8' to take it from "
                            + "there");
                });
    }

    @Test
    void theServicesRenderedForADeclaredGatewayAreNamedAtTheGateway() throws IOException {
        // istioctl renders a Service per gateway component; Helm's gateway chart, with service.type None, renders
        // none. The Service is the one istioctl renders for gateway component public-1-22-8.
        String render = Files.readString(Fixtures.resolve("istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml"),
                StandardCharsets.UTF_8).replace("istio-ingressgateway-1-22-8", "public-1-22-8") + """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: public-1-22-8
                  namespace: istio-ingress
                  labels: { app: public, istio: ingressgateway }
                spec:
                  type: ClusterIP
                  selector: { app: public, istio: ingressgateway }
                  ports: [{ name: http2, port: 80, targetPort: 8080 }]
                """;
        Files.createDirectories(dir.resolve("r"));
        Files.writeString(dir.resolve("r/1-22-8.yaml"), render, StandardCharsets.UTF_8);
        List<Placed> placed = partition("""
                mesh m {
                  revision 1-22-8 { istio 1.22.8  manifest "r/1-22-8.yaml" }
                  gateway public { namespace istio-ingress }
                  environment prod { revisions 1-22-8  tag stable -> 1-22-8 }
                }
                """);

        assertThat(placed).noneMatch(p -> p.resource().name().equals("public-1-22-8")
                && p.resource().kind().equals("Service"));
        assertThat(diagnostics.sorted()).filteredOn(d -> d.id().equals("Partition.Dropped")).singleElement()
                .satisfies(note -> {
                    assertThat(note.location().line()).as("the gateway's line").isEqualTo(3);
                    assertThat(note.message()).isEqualTo("environment 'prod': 1 object of gateway 'public' is left "
                            + "out, replaced by the gateway's shared Service istio-ingress/public, which selects the "
                            + "pods of every revision: Service istio-ingress/public-1-22-8");
                });
    }

    @Test
    void sharedObjectsEveryVersionRendersAreKeptOnceAndNotReported() {
        partition("""
                mesh m {
                  revision 1-22-8 { istio 1.22.8  manifest "r/1-22-8.yaml" }
                  revision 1-24-6 { istio 1.24.6  manifest "r/1-24-6.yaml" }
                  environment prod {
                    revisions 1-22-8, 1-24-6
                    tag default -> 1-24-6
                    tag stable -> 1-22-8
                    tag canary -> 1-24-6
                  }
                }
                """, "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml", "r/1-22-8.yaml",
                "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml", "r/1-24-6.yaml");

        assertThat(dropped()).as("the older CRDs, reader account and default validator have the newest's identity")
                .isEmpty();
    }

    private List<String> dropped() {
        return diagnostics.sorted().stream().filter(d -> d.id().equals("Partition.Dropped"))
                .peek(d -> assertThat(d.severity()).isEqualTo(Severity.NOTE)).map(Diagnostic::message).toList();
    }

    private List<Placed> partition(String mesh, String... fixtureAndName) {
        FixtureProject project = new FixtureProject(dir);
        for (int i = 0; i < fixtureAndName.length; i += 2) {
            project.withFixture(fixtureAndName[i], fixtureAndName[i + 1]);
        }
        Mesh bound = project.bind(mesh);
        Environment env = bound.environments().get("prod");
        return new Partitioner(diagnostics.in(env.name())).partition(bound, env,
                FixtureProject.expansions(bound, env));
    }
}
