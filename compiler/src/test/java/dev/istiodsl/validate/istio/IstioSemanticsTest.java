package dev.istiodsl.validate.istio;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The checks only istiod's webhook makes: neither the CRD schema nor any CEL rule of Istio's CRDs refuses these
 * objects (see SchemaValidatorFixturesTest.UNCATCHABLE), so each is pinned here, failing and clean.
 */
class IstioSemanticsTest {

    private final IstioSemantics semantics = new IstioSemantics();

    private List<Finding> check(String yaml) throws ManifestReader.Problem {
        return semantics.validate(ManifestReader.read(yaml, "test", "default").get(0));
    }

    @Test
    void anEnvoyFilterPatchWithoutOperation_isRefused() throws Exception {
        assertThat(check("""
                apiVersion: networking.istio.io/v1alpha3
                kind: EnvoyFilter
                metadata: {name: f}
                spec: {configPatches: [{applyTo: LISTENER, patch: {}}]}
                """)).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Istio.EmptyEnvoyFilterPatch", "/spec/configPatches/0/patch/operation"));
        assertThat(check("""
                apiVersion: networking.istio.io/v1alpha3
                kind: EnvoyFilter
                metadata: {name: f}
                spec: {configPatches: [{applyTo: LISTENER, patch: {operation: REMOVE}}]}
                """)).isEmpty();
    }

    @Test
    void aGatewayWithoutServers_isRefused() throws Exception {
        assertThat(check("""
                apiVersion: networking.istio.io/v1beta1
                kind: Gateway
                metadata: {name: g}
                spec: {selector: {istio: ingressgateway}}
                """)).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Istio.GatewayWithoutServers", "/spec/servers"));
        assertThat(check("""
                apiVersion: networking.istio.io/v1beta1
                kind: Gateway
                metadata: {name: g}
                spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
                """)).isEmpty();
    }

    @Test
    void aSidecarWithAnEmptyEgressList_isRefused() throws Exception {
        assertThat(check("""
                apiVersion: networking.istio.io/v1alpha3
                kind: Sidecar
                metadata: {name: s}
                spec: {egress: []}
                """)).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Istio.EmptySidecarEgress", "/spec/egress"));
        assertThat(check("""
                apiVersion: networking.istio.io/v1alpha3
                kind: Sidecar
                metadata: {name: s}
                spec: {egress: [{hosts: ["./*"]}]}
                """)).isEmpty();
    }

    @Test
    void aNegativeRouteWeight_isRefused() throws Exception {
        assertThat(check("""
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: v}
                spec: {http: [{route: [{destination: {host: c}, weight: 75}, {destination: {host: c}, weight: -15}]}]}
                """)).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Istio.NegativeWeight", "/spec/http/0/route/1/weight"));
        assertThat(check("""
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: v}
                spec: {http: [{route: [{destination: {host: c}, weight: 100}, {destination: {host: c}, weight: 0}]}]}
                """)).isEmpty();
    }

    @Test
    void aRegexRe2CannotCompile_isRefused() throws Exception {
        assertThat(check("""
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata: {name: v}
                spec: {hosts: ["*"], http: [{match: [{uri: {regex: "^(?!/admin).*"}}], route: [{destination: {host: p}}]}]}
                """)).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Istio.UnsupportedRegex", "/spec/http/0/match/0/uri/regex"));
        assertThat(check("""
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata: {name: v}
                spec: {hosts: ["*"], http: [{match: [{uri: {regex: "^/api/v[0-9]+/.*"}}], route: [{destination: {host: p}}]}]}
                """)).isEmpty();
    }

    @Test
    void aWorkloadEntryWithAnEmptyAddress_isRefused() throws Exception {
        assertThat(check("""
                apiVersion: networking.istio.io/v1beta1
                kind: WorkloadEntry
                metadata: {name: w}
                spec: {address: ""}
                """)).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Istio.EmptyWorkloadAddress", "/spec/address"));
        assertThat(check("""
                apiVersion: networking.istio.io/v1beta1
                kind: WorkloadEntry
                metadata: {name: w}
                spec: {address: 10.0.0.1}
                """)).isEmpty();
    }
}
