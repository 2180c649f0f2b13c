package dev.istiodsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The removed-fields table ({@code istiodsl/facts/istio-operator-api.yaml}) against real Istio releases: a field that
 * a release's charts or profiles have, that its istioctl rendered, or that an IstioOperator of that release sets, is
 * not removed in that release ({@link ReleaseFields} says what is read and how). Every release folder of the shared
 * fixtures is checked, so a wrong fact cannot come back, and a release added there is checked without a change here.
 */
class RemovedFieldsMatchRealReleasesTest {

    private static final OperatorApiFacts FACTS = OperatorApiFacts.shipped();
    private static final Pattern REVISION_OF_A_VERSION = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");

    @TestFactory
    Stream<DynamicTest> noFieldOfAReleasesChartsOrProfilesIsRemovedInThatRelease() throws IOException {
        return releases("istio-charts").stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(),
                () -> assertNoneRemoved(ReleaseFields.ofCharts(folder), version(folder))));
    }

    @TestFactory
    Stream<DynamicTest> noFieldIstioctlRenderedOrWasGivenIsRemovedInThatRelease() throws IOException {
        return releases("istio-manifests").stream().map(folder -> DynamicTest.dynamicTest(
                folder.getFileName().toString(),
                () -> assertNoneRemoved(ReleaseFields.ofManifest(folder), version(folder))));
    }

    /** Real IstioOperator files at the release they pin ({@code spec.tag}, or a revision named like 1-18-5). */
    @TestFactory
    Stream<DynamicTest> noFieldOfARealIstioOperatorIsRemovedInTheReleaseItPins() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Fixtures.resolve("istio-operators"))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().flatMap(file -> pinned(file).stream().map(version -> DynamicTest.dynamicTest(
                file.getFileName() + " at " + version, () -> assertNoneRemoved(ReleaseFields.ofOperator(file,
                        "istio-operators/" + file.getFileName()), version))));
    }

    @Test
    void everyChartLayoutIsReadAsIstioOperatorPaths() {
        // 1.20: values at the top; 1.22: under `defaults`; from 1.24 under `_internal_defaults_do_not_set`, with
        // istiod's pilot values lifted to the top.
        assertThat(ReleaseFields.ofCharts(Fixtures.resolve("istio-charts/1.20.8"))).containsKeys(
                "values.pilot.autoscaleEnabled", "values.global.proxy_init.image", "components.pilot.enabled",
                "values.cni.cniBinDir", "values.ztunnel.image");
        assertThat(ReleaseFields.ofCharts(Fixtures.resolve("istio-charts/1.22.8"))).containsKeys(
                "values.pilot.autoscaleEnabled", "values.telemetry.v2.stackdriver.enabled").doesNotContainKeys(
                "values.defaults", "values.defaults.pilot.autoscaleEnabled");
        assertThat(ReleaseFields.ofCharts(Fixtures.resolve("istio-charts/1.26.8"))).containsKeys(
                "values.pilot.autoscaleEnabled", "values.global.sds.token.aud", "values.cni.ambient.enabled",
                "values.ztunnel.image").doesNotContainKeys("values._internal_defaults_do_not_set",
                "values.service.type");
    }

    @Test
    void istioctlsOutputAndItsInputAreBothRead() {
        Map<String, String> fields = ReleaseFields.ofManifest(Fixtures.resolve("istio-manifests/1.20.3"));
        assertThat(fields).containsKeys("values.global.proxy_init.image", "values.sidecarInjectorWebhook.templates",
                "meshConfig.enablePrometheusMerge");
        assertThat(fields.get("values.global.sds.token.aud")).startsWith("1.20.3/");
    }

    private static void assertNoneRemoved(Map<String, String> fields, IstioVersion version) {
        assertThat(fields).as("fields read").isNotEmpty();
        List<String> wrong = fields.entrySet().stream().flatMap(field -> FACTS.removedAt(field.getKey(), version)
                .map(removed -> field.getKey() + " (" + field.getValue() + ") is in Istio " + version + ", but the"
                        + " facts say " + removed.path() + " was removed in " + removed.removedIn()).stream())
                .toList();
        assertThat(wrong).as("fields of Istio %s the removed-fields table calls removed", version).isEmpty();
    }

    private static List<Path> releases(String fixture) throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(Fixtures.resolve(fixture))) {
            folders = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(folders).as(fixture).isNotEmpty();
        return folders;
    }

    private static IstioVersion version(Path folder) {
        return ReleaseFields.versionOfFolder(folder)
                .orElseThrow(() -> new AssertionError(folder + " is not named after an Istio release"));
    }

    private static Optional<IstioVersion> pinned(Path file) {
        for (JsonNode operator : ReleaseFields.operators(file)) {
            Optional<IstioVersion> tag = IstioVersion.parse(operator.path("spec").path("tag").asText());
            if (tag.isPresent()) {
                return tag;
            }
            Matcher revision = REVISION_OF_A_VERSION.matcher(operator.path("spec").path("revision").asText());
            if (revision.matches()) {
                return IstioVersion.parse(revision.group(1) + "." + revision.group(2) + "." + revision.group(3));
            }
        }
        return Optional.empty();
    }
}
