package dev.istiodsl.diff;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels an upgrade moves on every object are folded into a line per environment, and normalised across revisions. */
class VersionLabelsTest {

    private static byte[] serviceAccount(String name, String version, String extra) {
        return ("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: " + name + "\n  namespace: istio-system\n"
                + "  labels:\n    app.kubernetes.io/version: " + version + "\n    helm.sh/chart: istiod-" + version
                + "\n    install.operator.istio.io/owning-resource: istiod-" + version + "\n" + extra)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Three ServiceAccounts move from 1.24.6 to 1.26.8; a fourth also gets a new label. */
    private static TreeDiff upgrade() {
        Map<String, byte[]> before = new TreeMap<>();
        Map<String, byte[]> after = new TreeMap<>();
        for (String name : List.of("a", "b", "c")) {
            before.put("prod/base/serviceaccount/istio-system_" + name + ".yaml", serviceAccount(name, "1.24.6", ""));
            after.put("prod/base/serviceaccount/istio-system_" + name + ".yaml", serviceAccount(name, "1.26.8", ""));
        }
        before.put("prod/base/serviceaccount/istio-system_d.yaml", serviceAccount("d", "1.24.6", ""));
        after.put("prod/base/serviceaccount/istio-system_d.yaml", serviceAccount("d", "1.26.8",
                "automountServiceAccountToken: false\n"));
        return TreeDiff.of("HEAD", before, after);
    }

    @Test
    void objectsThatOnlyMoveVersionLabelsAreOneLineOfTheTerminalPerEnvironment() {
        List<String> lines = DiffReport.terminal(upgrade(), false);

        assertThat(lines).containsExactly(
                "environment prod: 0 added, 4 changed, 0 removed (against HEAD)",
                "  = 3 objects only move version labels (app.kubernetes.io/version, helm.sh/chart,"
                        + " install.operator.istio.io/owning-resource), not listed",
                "  ~ ServiceAccount istio-system/d  (base/serviceaccount/istio-system_d.yaml)",
                "      automountServiceAccountToken: (new) false",
                "      (and 3 version labels)");
    }

    @Test
    void theReportCountsThemPerEnvironmentAndListsOnlyTheRealChange() {
        String md = DiffReport.markdown(upgrade(), DiffReportTest.meshOf(), List.of());

        assertThat(md).contains("| prod | 0 | 4 | 0 | 3 | 0 |",
                "- **prod**: shared objects changed (1 object); 3 objects only move version labels",
                "- 3 objects only move version labels (app.kubernetes.io/version, helm.sh/chart,"
                        + " install.operator.istio.io/owning-resource), not listed");
        assertThat(md).contains("`istio-system/d`").doesNotContain("`istio-system/a`")
                .doesNotContain("1.24.6");
    }

    @Test
    void aLabelIsAVersionLabelByItsNameOrWhenItsValuesDifferOnlyInTheVersion() {
        assertThat(VersionLabels.is(new FieldChange("metadata.labels.helm.sh/chart", null, "base-1.0.0"))).isTrue();
        assertThat(VersionLabels.is(new FieldChange("spec.template.metadata.labels.operator.istio.io/version",
                "1.24.6", "1.26.8"))).isTrue();
        assertThat(VersionLabels.is(new FieldChange("metadata.labels.chart", "gateway-1.24.6", "gateway-1.26.8")))
                .isTrue();
        assertThat(VersionLabels.is(new FieldChange("metadata.labels.istio.io/rev", "1-24-6", "1-26-8"))).isFalse();
        assertThat(VersionLabels.is(new FieldChange("metadata.labels.app", "istiod", "pilot"))).isFalse();
        assertThat(VersionLabels.is(new FieldChange("data.version", "1.24.6", "1.26.8"))).isFalse();
    }

    @Test
    void theCrossRevisionDiffNormalisesVersionLabelsAsItNormalisesNames() {
        Map<String, byte[]> tree = new TreeMap<>();
        tree.put("prod/revisions/1-24-6/serviceaccount/istio-system_istiod-1-24-6.yaml",
                serviceAccount("istiod-1-24-6", "1.24.6", ""));
        tree.put("prod/revisions/1-26-8/serviceaccount/istio-system_istiod-1-26-8.yaml",
                serviceAccount("istiod-1-26-8", "1.26.8", "automountServiceAccountToken: false\n"));

        TreeDiff diff = RevisionDiff.compare(tree, "prod", "1-24-6", "1-26-8");

        assertThat(diff.changes().get("prod")).singleElement().satisfies(c -> assertThat(c.fields())
                .extracting(FieldChange::path).containsExactly("automountServiceAccountToken"));
    }
}
