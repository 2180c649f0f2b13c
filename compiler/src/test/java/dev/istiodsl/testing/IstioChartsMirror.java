package dev.istiodsl.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: the build step of profile {@code istio-charts-mirror} (compiler/pom.xml), run by surefire even under
 * {@code -DskipTests}. It writes the mirror of Istio's chart repository that this repository's development and CI
 * machines read instead of Istio's ({@code istiodsl.chartRepository}), packaged from ../shared/fixtures/istio-charts.
 */
class IstioChartsMirror {

    @Test
    void build() {
        Path target = Path.of(System.getProperty("istiodsl.chartRepository"));
        IstioChartRepository.fromFixtures(target);
        assertThat(target.resolve("index.yaml")).isRegularFile();
    }
}
