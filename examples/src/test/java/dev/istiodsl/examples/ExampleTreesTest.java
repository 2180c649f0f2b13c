package dev.istiodsl.examples;

import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.FluxCrd;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.TreeGolden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trees that {@code istiodsl:compile} wrote for the root mesh and the examples in this module's build (executions
 * {@code compile-*} of the {@code istioctl-replay} profile, through tools/istioctl-replay): pinned by golden digests
 * and generated text under {@code src/test/resources/trees/<example>/}, and built folder by folder with the real
 * {@code kubectl kustomize}. Without ../shared/fixtures nothing was compiled, and these tests are skipped.
 */
class ExampleTreesTest {

    private static Path tree(String example) {
        Fixtures.root();
        Path tree = Path.of(System.getProperty("istiodsl.examples.trees", "target/trees")).resolve(example);
        assertThat(tree).as("the tree istiodsl:compile wrote in the generate-test-resources phase").isDirectory();
        return tree;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shop", "canary-flux", "in-place-overlays", "four-stage", "fleet"})
    void theCompiledTreeMatchesItsGoldenFiles(String example) throws Exception {
        TreeGolden.check(TreeGolden.files(tree(example)), Golden.sourceResources().resolve("trees").resolve(example));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shop", "canary-flux", "four-stage", "fleet"})
    void everyFolderOfAFluxTreeBuildsWithKustomize(String example) throws Exception {
        Path tree = tree(example);
        TreeGolden.everyFolderBuilds(tree, TreeGolden.files(tree));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-place-overlays"})
    void everyChartOfAHelmfileTreeRendersWithTheEmbeddedHelmEngine(String example) throws Exception {
        Path tree = tree(example);
        TreeGolden.everyChartRenders(tree, TreeGolden.files(tree));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shop", "canary-flux", "four-stage", "fleet"})
    void aFluxMeshHasAFluxFolderPerEnvironmentThatAppliesCrdsFirst(String example) throws Exception {
        SortedMap<String, byte[]> files = TreeGolden.files(tree(example));
        assertThat(files.keySet()).anyMatch(p -> p.matches("[a-z-]+/flux/kustomization\\.yaml"));
        files.forEach((path, bytes) -> {
            if (path.matches("[a-z-]+/flux/[a-z-]+-base\\.yaml")) {
                assertThat(new String(bytes, StandardCharsets.UTF_8)).as(path).contains("dependsOn:")
                        .containsPattern("name: [a-z-]+-crds");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shop", "canary-flux", "four-stage", "fleet"})
    void everyFluxKustomizationPassesFluxsOwnV1Schema(String example) throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var file : TreeGolden.files(tree(example)).entrySet()) {
            if (file.getKey().matches(".*/flux/[^/]+\\.yaml") && !file.getKey().endsWith("/kustomization.yaml")) {
                problems.addAll(FluxCrd.problems(new String(file.getValue(), StandardCharsets.UTF_8), file.getKey()));
                checked++;
            }
        }
        assertThat(checked).as("Flux Kustomizations in %s", example).isPositive();
        assertThat(problems).isEmpty();
    }


    /** Istio's digests alone would not say it: each production cluster of the fleet renders with its own identity. */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"prod-eu-1, net-eu-1", "prod-us-1, net-us-1"})
    void eachProductionClusterOfTheFleetRendersWithItsOwnNameAndNetwork(String cluster, String network)
            throws Exception {
        Path folder = tree("fleet").resolve("prod/clusters").resolve(cluster);
        assertThat(folder.resolve("revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml")).content()
                .containsPattern("name: CLUSTER_ID\\s+value: " + cluster);
        assertThat(folder.resolve("revisions/1-24-6/configmap/istio-system_istio-1-24-6.yaml")).content()
                .contains("meshId: fleet");
        assertThat(folder.resolve("revisions/1-24-6/configmap/istio-system_istio-sidecar-injector-1-24-6.yaml"))
                .content().contains("\"clusterName\": \"" + cluster + "\"", "\"network\": \"" + network + "\"");
        assertThat(folder.resolve("base/service/istio-system_eastwest.yaml")).content()
                .contains("topology.istio.io/network: " + network, "port: 15443");
        assertThat(folder.resolve("gateways/eastwest/1-24-6/deployment.apps/istio-system_eastwest-1-24-6.yaml"))
                .content().contains("topology.istio.io/network: " + network)
                .containsPattern("name: ISTIO_META_REQUESTED_NETWORK_VIEW\\s+value: " + network);
    }

    @Test
    void theFleetsStagingClusterOnNoNetworkGetsNoEastWestGateway() throws Exception {
        SortedMap<String, byte[]> files = TreeGolden.files(tree("fleet"));
        assertThat(files.keySet()).contains("staging/clusters/staging-eu-1/kustomization.yaml")
                .noneMatch(p -> p.startsWith("staging/") && p.contains("eastwest"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-place-overlays"})
    void theLockNamesTheReplayedIstioctlOfEachVersion(String example) throws Exception {
        String lock = Files.readString(tree(example).resolve(TreeGolden.LOCK), StandardCharsets.UTF_8);
        assertThat(lock).containsPattern("istioctl/1\\.[0-9]+\\.[0-9]+: sha256:[0-9a-f]{64}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shop", "canary-flux", "four-stage"})
    void theLockNamesTheDigestOfEachChartFromTheRepository(String example) throws Exception {
        String lock = Files.readString(tree(example).resolve(TreeGolden.LOCK), StandardCharsets.UTF_8);
        assertThat(lock).containsPattern("charts/1-22-8/base: sha256:[0-9a-f]{64}")
                .containsPattern("charts/1-24-6/istiod: sha256:[0-9a-f]{64}")
                .containsPattern("charts/1-24-6/gateway: sha256:[0-9a-f]{64}")
                .doesNotContain("istioctl/");
    }
}
