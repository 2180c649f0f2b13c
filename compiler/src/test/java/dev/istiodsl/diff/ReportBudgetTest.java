package dev.istiodsl.diff;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The report fits its budget whatever the change's size: a generated change of 1,000 resources in two environments
 * (injector templates with line diffs, ConfigMaps, CRDs, objects that only move version labels, 350 namespaces
 * moving) and 300 warnings. What does not fit is counted and points to the full report beside it.
 */
class ReportBudgetTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String block(int lines, String changedLine) {
        return IntStream.range(0, lines).mapToObj(i -> i == lines / 2 ? changedLine : "line " + i)
                .collect(Collectors.joining("\n    ", "    ", "\n"));
    }

    /** 500 resources per environment, 175 of them namespaces moving from stable to canary. */
    static TreeDiff thousandResources() {
        Map<String, byte[]> before = new TreeMap<>();
        Map<String, byte[]> after = new TreeMap<>();
        for (String env : List.of("prod", "test")) {
            for (int i = 0; i < 50; i++) {
                String path = env + "/revisions/1-26-8/configmap/istio-system_injector-" + i + ".yaml";
                String head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: injector-" + i
                        + ", namespace: istio-system}\ndata:\n  config: |\n";
                before.put(path, bytes(head + block(80, "old template line")));
                after.put(path, bytes(head + block(80, "new template line")));
            }
            for (int i = 0; i < 100; i++) {
                String path = env + "/base/serviceaccount/istio-system_sa-" + i + ".yaml";
                String head = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-" + i
                        + "\n  namespace: istio-system\n  labels: {app.kubernetes.io/version: ";
                before.put(path, bytes(head + "1.24.6}\n"));
                after.put(path, bytes(head + "1.26.8}\n"));
            }
            for (int i = 0; i < 150; i++) {
                String path = env + "/base/configmap/istio-system_cm-" + i + ".yaml";
                String head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-" + i
                        + ", namespace: istio-system}\ndata: {a: '";
                before.put(path, bytes(head + "1'}\n"));
                after.put(path, bytes(head + "2'}\n"));
            }
            for (int i = 0; i < 25; i++) {
                String path = env + "/crds/customresourcedefinition.apiextensions.k8s.io/w" + i + ".example.io.yaml";
                String head = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: w"
                        + i + ".example.io}\nspec:\n  versions:\n  - name: v1\n    served: true\n    storage: true\n"
                        + "    schema:\n      openAPIV3Schema:\n        properties:\n          spec:\n"
                        + "            properties:\n              a: {type: string}\n";
                before.put(path, bytes(head));
                after.put(path, bytes(head + "              b: {type: string}\n"));
            }
            for (int i = 0; i < 175; i++) {
                String path = env + "/base/namespace/app-" + i + ".yaml";
                before.put(path, bytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: app-" + i
                        + ", labels: {istio.io/rev: stable}}\n"));
                after.put(path, bytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: app-" + i
                        + ", labels: {istio.io/rev: canary}}\n"));
            }
            for (String tag : List.of("stable", "canary")) {
                String path = env + "/tags/" + tag + "/mutatingwebhookconfiguration.admissionregistration.k8s.io/"
                        + "istio-revision-tag-" + tag + ".yaml";
                String mwc = "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\n"
                        + "metadata: {name: istio-revision-tag-" + tag + ", labels: {istio.io/rev: "
                        + (tag.equals("stable") ? "1-24-6" : "1-26-8") + "}}\n";
                before.put(path, bytes(mwc));
                after.put(path, bytes(mwc));
            }
        }
        return TreeDiff.of("HEAD", before, after);
    }

    private static List<Diagnostic> warnings(int n) {
        List<Diagnostic> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Diagnostic("Rule.Number" + (i % 7), Severity.WARNING, null, "warning number " + i
                    + " about something the reviewer should see", "fix it", null, "prod"));
        }
        out.add(new Diagnostic("Support.EndOfLife", Severity.SUPPRESSED, null, "1.24 is past its end of life",
                "upgrade", "the upgrade is this change", "prod"));
        return out;
    }

    @Test
    void aThousandResourcesFitTheDefaultBudgetAndWhatDoesNotFitIsCounted() {
        TreeDiff diff = thousandResources();
        assertThat(diff.changes().values().stream().mapToInt(List::size).sum()).isEqualTo(1000);

        String md = DiffReport.markdown(diff, DiffReportTest.meshOf(), warnings(300));
        String full = DiffReport.full(diff, DiffReportTest.meshOf(), warnings(300));
        System.out.println("ReportBudgetTest: 1,000-resource change: report.md " + md.length()
                + " characters, report-full.md " + full.length());

        assertThat(md.length()).isLessThanOrEqualTo(DiffReport.DEFAULT_BUDGET);
        assertThat(full.length()).isGreaterThan(DiffReport.DEFAULT_BUDGET);
        assertThat(md).containsPattern("\\*\\*Not shown here\\*\\*: \\d+ resources not in the details")
                .contains("The full report, `report-full.md` beside this one (keep it as a CI artifact), has"
                        + " everything");
        assertThat(md).contains("| prod | 0 | 500 | 0 | 100 | 175 |", "| test | 0 | 500 | 0 | 100 | 175 |");
    }

    @Test
    void theFirstScreenSaysWhatChangesWhereWhatRestartsAndWhatIsRisky() {
        String md = DiffReport.markdown(thousandResources(), DiffReportTest.meshOf(), warnings(300));
        String firstScreen = md.lines().limit(40).collect(Collectors.joining("\n"));

        assertThat(firstScreen).contains("## At a glance", "**What changes where**",
                "- **prod**: control plane 1-26-8 changed (50 objects); shared objects changed (150 objects);"
                        + " namespaces changed (175 objects); CRDs changed (25 objects); 100 objects only move version"
                        + " labels",
                "**What must restart**: 350 restarts", "- **prod**: `app-0`, `app-1`",
                "**What is risky**: 0 errors, 300 warnings, 1 suppressed:",
                "- **warning** `Rule.Number0`: warning number 0 about something the reviewer should see (and 42 more"
                        + " like it)",
                "- `Support.EndOfLife`, suppressed: the upgrade is this change");
    }

    @Test
    void theControlPlaneComesBeforeTheCrdsAndTheLineDiffsAreShownWhileTheyFit() {
        String md = DiffReport.markdown(thousandResources(), DiffReportTest.meshOf(), List.of());

        assertThat(md.indexOf("changed **ConfigMap** `istio-system/injector-0`"))
                .isPositive().isLessThan(md.indexOf("changed **ConfigMap** `istio-system/cm-0`"));
        assertThat(md).contains("-old template line\n    +new template line");
        assertThat(md.indexOf("changed **CustomResourceDefinition**")).isEqualTo(-1);
    }

    @Test
    void aSmallerBudgetIsKept() {
        for (int budget : List.of(DiffReport.SMALLEST_BUDGET, 10_000, 30_000)) {
            String md = DiffReport.markdown(thousandResources(), DiffReportTest.meshOf(), warnings(300), budget,
                    "report-full.md");
            assertThat(md.length()).as("budget %d", budget).isLessThanOrEqualTo(budget);
            assertThat(md).contains("## At a glance", "report-full.md");
        }
    }

    @Test
    void aBudgetTooSmallForTheFirstScreenIsRefused() {
        assertThatThrownBy(() -> DiffReport.markdown(thousandResources(), DiffReportTest.meshOf(), List.of(), 1000,
                "report-full.md")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4000");
    }

    @Test
    void theReportAndTheFullReportAreWrittenSideBySide() throws Exception {
        List<Path> written = DiffReport.write(dir.resolve("out/report.md"), thousandResources(),
                DiffReportTest.meshOf(), List.of(), 20_000);

        assertThat(written).containsExactly(dir.resolve("out/report.md"), dir.resolve("out/report-full.md"));
        assertThat(Files.readString(written.get(0))).hasSizeLessThanOrEqualTo(20_000).contains("`report-full.md`");
        assertThat(Files.readString(written.get(1))).contains("changed **ConfigMap** `istio-system/cm-149`")
                .doesNotContain("Not shown here");
    }

    @Test
    void aSmallChangeIsShownWhole() {
        String md = DiffReport.markdown(TreeDiff.of("HEAD", Map.of("prod/base/configmap/a.yaml",
                bytes("kind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\n")), Map.of("prod/base/configmap/a.yaml",
                bytes("kind: ConfigMap\nmetadata: {name: a}\ndata: {x: '2'}\n"))), DiffReportTest.meshOf(), List.of());

        assertThat(md).contains("  - `data.x`: `1` → `2`").doesNotContain("Not shown here");
    }
}
