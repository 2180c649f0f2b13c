package dev.istiodsl.diff;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A CRD change is summarised (served and storage versions, schema fields, CEL rules, constraints), not as schema. */
class CrdChangeTest {

    private static final String PATH =
            "prod/crds/customresourcedefinition.apiextensions.k8s.io/widgets.example.io.yaml";

    private static String crd(String versions) {
        return "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
                + "  name: widgets.example.io\nspec:\n  group: example.io\n  names: {kind: Widget, plural: widgets}\n"
                + "  scope: Namespaced\n  versions:\n" + versions;
    }

    private static String version(String name, boolean storage, String specProperties) {
        return "  - name: " + name + "\n    served: true\n    storage: " + storage + "\n    schema:\n"
                + "      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n"
                + "            type: object\n            properties:\n" + specProperties;
    }

    private static final String OLD_FIELDS = "              host: {type: string, maxLength: 100}\n"
            + "              legacy: {type: string}\n";
    private static final String NEW_FIELDS = "              host: {type: string, maxLength: 253}\n"
            + "              targetRef:\n                type: object\n"
            + "                x-kubernetes-validations: [{rule: \"self.kind != ''\", message: kind}]\n"
            + "                properties:\n                  kind: {type: string}\n"
            + "                  name: {type: string}\n";

    private static TreeDiff diff() {
        return TreeDiff.of("HEAD",
                Map.of(PATH, crd(version("v1alpha1", true, OLD_FIELDS)).getBytes(StandardCharsets.UTF_8)),
                Map.of(PATH, crd(version("v1alpha1", false, NEW_FIELDS) + version("v1", true, NEW_FIELDS))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSummaryHasTheVersionsTheFieldsTheRulesAndTheConstraints() {
        CrdChange crd = diff().changes().get("prod").get(0).crd().orElseThrow();

        assertThat(crd.servedBefore()).containsExactly("v1alpha1");
        assertThat(crd.servedAfter()).containsExactly("v1alpha1", "v1");
        assertThat(crd.storageBefore() + " -> " + crd.storageAfter()).isEqualTo("v1alpha1 -> v1");
        assertThat(crd.fieldsAdded()).containsExactly("spec.targetRef", "spec.targetRef.kind",
                "spec.targetRef.name");
        assertThat(crd.fieldsRemoved()).containsExactly("spec.legacy");
        assertThat(crd.rulesAdded()).containsExactly("spec.targetRef: self.kind != ''");
        assertThat(crd.constraints()).containsExactly(Map.entry("spec.host", List.of("maxLength")));
    }

    @Test
    void theTerminalShowsTheSummaryAndNoSchema() {
        assertThat(DiffReport.terminal(diff(), false)).containsExactly(
                "environment prod: 0 added, 1 changed, 0 removed (against HEAD)",
                "  ~ CustomResourceDefinition widgets.example.io  (crds/customresourcedefinition.apiextensions.k8s.io"
                        + "/widgets.example.io.yaml)",
                "      served v1alpha1 -> v1alpha1, v1, storage v1alpha1 -> v1",
                "      schema fields added (3): spec.targetRef (and 2 under it)",
                "      schema fields removed (1): spec.legacy",
                "      CEL rules added (1): spec.targetRef: self.kind != ''",
                "      constraints changed (1): spec.host (maxLength)");
    }

    @Test
    void theReportShowsTheSummaryAndNeverTheRawSchema() {
        String md = DiffReport.markdown(diff(), DiffReportTest.meshOf(), List.of());

        assertThat(md).contains("  - schema fields added (3): `spec.targetRef` (and 2 under it)\n",
                "  - CEL rules added (1): `spec.targetRef: self.kind != ''`\n")
                .doesNotContain("openAPIV3Schema").doesNotContain("spec.versions[");
    }
}
