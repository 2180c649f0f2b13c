package dev.istiodsl.model;

import dev.istiodsl.model.SetPath.Segment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SetPathTest {

    @Test
    void readsKeysIndexesAndSelectorsAsIstioctlDoes() {
        SetPath path = SetPath.parse("components.ingressGateways.[name:public].k8s.env.[0].value").path().orElseThrow();
        assertThat(path.segments()).containsExactly(new Segment.Key("components"),
                new Segment.Key("ingressGateways"), new Segment.Select("name", "public"), new Segment.Key("k8s"),
                new Segment.Key("env"), new Segment.Index(0), new Segment.Key("value"));
        assertThat(path.root()).isEqualTo("components");
    }

    @Test
    void anEscapedDotStaysInsideItsKey() {
        SetPath path = SetPath.parse("values.gateways.istio-ingressgateway.podAnnotations.prometheus\\.io/scrape")
                .path().orElseThrow();
        assertThat(path.segments()).last().isEqualTo(new Segment.Key("prometheus.io/scrape"));
        assertThat(path).hasToString("values.gateways.istio-ingressgateway.podAnnotations.prometheus\\.io/scrape");
    }

    @Test
    void aScalarSelectorHasAnEmptyKey() {
        assertThat(SetPath.parse("values.cni.excludeNamespaces.[:kube-system]").path().orElseThrow().segments())
                .last().isEqualTo(new Segment.Select("", "kube-system"));
    }

    @Test
    void malformedPathsSayWhatIsWrong() {
        assertThat(SetPath.parse("values..cni").problem()).contains("segment 2 is empty");
        assertThat(SetPath.parse("values.a[0]").problem()).contains("'a[0]'");
        assertThat(SetPath.parse("[0].a").problem()).contains("starts with a field name");
        assertThat(SetPath.parse("").problem()).contains("empty");
    }
}
