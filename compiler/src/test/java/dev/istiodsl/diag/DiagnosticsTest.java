package dev.istiodsl.diag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster whose settings change its render is checked as an environment of its own, {@code prod/clusters/prod-eu-1};
 * what the collected diagnostics show is one finding per cause.
 */
class DiagnosticsTest {

    private static final SourceLocation LINE_3 = new SourceLocation("mesh.istiodsl", 3, 5, 8);

    @Test
    void aFindingEveryClusterSharesWithItsEnvironmentIsShownOnce_forTheEnvironment() {
        Diagnostics diagnostics = new Diagnostics();
        for (String environment : new String[] {"prod/clusters/prod-eu-1", "prod", "prod/clusters/prod-us-1"}) {
            diagnostics.in(environment).warning("Support.EndOfLife", LINE_3, "environment '" + environment
                    + "' runs Istio 1.24.6", "upgrade environment '" + environment + "'");
        }

        assertThat(diagnostics.sorted()).containsExactly(Diagnostic.warning("Support.EndOfLife", LINE_3,
                "environment 'prod' runs Istio 1.24.6", "upgrade environment 'prod'").in("prod"));
    }

    @Test
    void aFindingOnlyAClusterHas_namesTheClusterOfTheEnvironment() {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.in("prod").warning("Support.EndOfLife", LINE_3, "environment 'prod' runs Istio 1.24.6", null);
        diagnostics.in("prod/clusters/prod-eu-1").error("Kubernetes.WrongType", LINE_3,
                "environment 'prod/clusters/prod-eu-1', ConfigMap istio-system/eu (base): not a string", null);

        assertThat(diagnostics.sorted()).map(Diagnostic::toString).containsExactly(
                "ERROR Kubernetes.WrongType mesh.istiodsl:3:5: cluster 'prod-eu-1' of environment 'prod', ConfigMap"
                        + " istio-system/eu (base): not a string",
                "WARNING Support.EndOfLife mesh.istiodsl:3:5: environment 'prod' runs Istio 1.24.6");
        assertThat(diagnostics.sorted()).map(Diagnostic::environment).containsOnly("prod");
    }

    @Test
    void aClustersFindingWhoseMessageNamesNoEnvironment_saysWhichClusterInFront() {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.in("prod/clusters/prod-eu-1").error("Expand.HelmFailed", LINE_3, "the chart failed", null);

        assertThat(diagnostics.sorted()).map(Diagnostic::message)
                .containsExactly("in cluster 'prod-eu-1' of environment 'prod': the chart failed");
    }

    @Test
    void aFindingThatDiffersFromTheEnvironmentsButForTheName_isTheClustersOwn() {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.in("prod").note("Transform.Dropped", LINE_3, "drops 1 object from environment 'prod'", null);
        diagnostics.in("prod/clusters/prod-eu-1").note("Transform.Dropped", LINE_3,
                "drops 2 objects from environment 'prod/clusters/prod-eu-1'", null);

        assertThat(diagnostics.sorted()).map(Diagnostic::message).containsExactly(
                "drops 1 object from environment 'prod'", "drops 2 objects from cluster 'prod-eu-1' of environment"
                        + " 'prod'");
    }
}
