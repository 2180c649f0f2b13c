package dev.istiodsl.validate.rules;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.validate.VersionFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesTest {

    private static final VersionFacts FACTS = VersionFacts.shipped();

    @TempDir
    Path temp;

    @Test
    void builtInRulesRunInAFixedOrderThenServiceLoadedOnes() {
        assertThat(Rules.load(getClass().getClassLoader()).all()).extracting(Rule::id).containsExactly(
                "Upgrade.CanarySkipsTooManyMinors", "Upgrade.InPlaceSkipsTooManyMinors", "Upgrade.AheadOfPredecessor",
                "Upgrade.Downgrade", "Upgrade.RemovedOperatorField", "Upgrade.CompatibilityVersion",
                "Support.KubernetesVersion", "Support.EndOfLife", "Skew.DataPlaneTooFarBehind",
                "Skew.ZtunnelAheadOfControlPlane", "Skew.ImageVersionOverride", "Revision.UnusedRevision", "Revision.UnusedTag",
                "Revision.NamespaceInControlPlaneNamespace", "Image.NotFromHub", "Image.LatestTag",
                "Resources.MissingRequests", "Production.SingleIstiodReplica", "Production.NoIstiodDisruptionBudget",
                "Webhook.FailurePolicyFlaps", "Webhook.CaBundleCommitted", "Webhook.OverlappingInjectors",
                "Namespace.NoInjector", "Namespace.InjectionLabelConflict", "Namespace.NotEmitted",
                "Namespace.Unbound", "Namespace.Unmanaged", "Namespace.WouldBeDeleted", "Resource.Duplicate",
                "Gateway.ServiceMissesPods", "Gateway.ReservedPort", "Service.PortProtocol", "Secret.Plaintext",
                "Secret.DataNotBase64", "Probe.ServiceLoaded");
    }

    @Test
    void everyRuleSaysWhatAndWhyInTwoSentences() {
        assertThat(Rules.load(getClass().getClassLoader()).all()).allSatisfy(rule -> assertThat(rule.description())
                .as(rule.id()).endsWith(".").matches("[^.]+\\.( [A-Z][^.]*\\.)+"));
    }

    @Test
    void aRuleWithTheIdOfAnotherIsRefusedNamingBothClasses() {
        Rule copy = new Probe("Upgrade.AheadOfPredecessor");
        assertThatThrownBy(() -> Rules.of(List.of(new AheadOfPredecessor(), copy)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(AheadOfPredecessor.class.getName())
                .hasMessageContaining(Probe.class.getName())
                .hasMessageContaining("'Upgrade.AheadOfPredecessor'");
    }

    @Test
    void aRuleIdThatIsNotDottedCapitalisedWordsIsRefused() {
        assertThatThrownBy(() -> Rules.of(List.of(new Probe("gatewayReplicas"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'gatewayReplicas'");
    }

    @Test
    void aRuleThatThrowsIsReportedAsABugWithItsIdAndEnvironment() throws IOException {
        Mesh mesh = bind("mesh m { revision 1-22-8 { istio 1.22.8 }  environment prod { revisions 1-22-8 } }");
        Rule broken = new Probe("Acme.Broken") {
            @Override
            public List<RuleFinding> check(RuleContext context) {
                throw new IllegalArgumentException("boom");
            }
        };
        assertThatThrownBy(() -> Rules.of(List.of(broken)).check(mesh, FACTS, RuleCasesTest.TODAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rule Acme.Broken (")
                .hasMessageContaining("failed on environment 'prod'")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReadmeTourMeshWarnsOfEndOfLifeAndOfSidecarsLeftTwoMinorsBehind_sortedByPlaceThenId() throws IOException {
        Mesh mesh = bind("""
                mesh shop {
                  kubernetes 1.30
                  revision 1-22-8 { istio 1.22.8 }
                  revision 1-24-6 { istio 1.24.6 }
                  tag stable -> 1-22-8
                  environment test {
                    revisions 1-22-8, 1-24-6
                    tag canary -> 1-24-6
                    namespaces { payments -> stable  search -> canary }
                  }
                  environment staging after test soak 1d extends test { cluster staging-eu-1 }
                  environment prod after staging soak 7d {
                    revisions 1-22-8
                    namespaces { payments -> stable  search -> stable }
                  }
                }
                """);
        List<String> findings = Rules.load(getClass().getClassLoader())
                .check(mesh, FACTS, RuleCasesTest.TODAY).stream().map(RuleFinding::toString).toList();
        String hint = " and gets no more security fixes (hint: upgrade to Istio 1.29 or newer (supported on"
                + " 2026-09-01), in canary steps of at most 2 minors)";
        String skew = " (Istio 1.22), which serves namespace payments, 2 minors behind 1-24-6 (Istio 1.24), the"
                + " newest revision of environment '%s': Istio supports a data plane at most 1 minor behind the control"
                + " plane (hint: point tag 'stable' at a revision of Istio 1.23 or newer and restart the workloads in"
                + " namespace payments)";
        // The tag is the mesh's (line 5), so both environments' skew findings point at it; staging's revisions are
        // inherited from test (line 7).
        assertThat(findings).containsExactly(
                "WARNING Skew.DataPlaneTooFarBehind mesh.istiodsl:5:3: tag 'stable' points at 1-22-8"
                        + skew.formatted("staging"),
                "WARNING Skew.DataPlaneTooFarBehind mesh.istiodsl:5:3: tag 'stable' points at 1-22-8"
                        + skew.formatted("test"),
                "WARNING Support.EndOfLife mesh.istiodsl:7:15: environment 'staging' runs 1-22-8 (Istio 1.22),"
                        + " which reached end of life on 2025-01-22" + hint,
                "WARNING Support.EndOfLife mesh.istiodsl:7:15: environment 'test' runs 1-22-8 (Istio 1.22), which"
                        + " reached end of life on 2025-01-22" + hint,
                "WARNING Support.EndOfLife mesh.istiodsl:7:23: environment 'staging' runs 1-24-6 (Istio 1.24),"
                        + " which reached end of life on 2025-06-24" + hint,
                "WARNING Support.EndOfLife mesh.istiodsl:7:23: environment 'test' runs 1-24-6 (Istio 1.24), which"
                        + " reached end of life on 2025-06-24" + hint,
                "WARNING Support.EndOfLife mesh.istiodsl:13:15: environment 'prod' runs 1-22-8 (Istio 1.22), which"
                        + " reached end of life on 2025-01-22" + hint);
    }

    @Test
    void aLineOlderThanTheFactsIsPastEndOfLifeOnlyOnceTheOldestKnownLineIs() throws IOException {
        Mesh mesh = bind("mesh m { revision 1-9-9 { istio 1.9.9 }  environment prod { revisions 1-9-9 } }");
        Rules rules = Rules.of(List.of(new EndOfLife()));
        assertThat(rules.check(mesh, FACTS, LocalDate.of(2022, 1, 7))).isEmpty();
        assertThat(rules.check(mesh, FACTS, LocalDate.of(2022, 1, 8))).singleElement().asString().contains(
                "runs 1-9-9 (Istio 1.9), which is older than Istio 1.10, the oldest line the version facts know (end"
                        + " of life 2022-01-07), so it is past its end of life too");
    }

    @Test
    void anApproximateEndOfLifeIsReportedAsExpected() throws IOException {
        Mesh mesh = bind("mesh m { revision 1-30-1 { istio 1.30.1 }  environment prod { revisions 1-30-1 } }");
        Rules rules = Rules.of(List.of(new EndOfLife()));
        assertThat(rules.check(mesh, FACTS, LocalDate.of(2026, 11, 30))).isEmpty();
        assertThat(rules.check(mesh, FACTS, LocalDate.of(2026, 12, 1))).singleElement().hasToString(
                "WARNING Support.EndOfLife mesh.istiodsl:1:73: environment 'prod' runs 1-30-1 (Istio 1.30), which was"
                        + " expected to reach end of life around 2026-11-30 and gets no more security fixes (hint:"
                        + " upgrade to Istio 1.31 or newer (supported on 2026-12-01), in canary steps of at most 2"
                        + " minors)");
    }

    private Mesh bind(String text) throws IOException {
        Files.writeString(temp.resolve("mesh.istiodsl"), text);
        CompileResult result = new Compiler().bind(CompileRequest.forProject(temp));
        assertThat(result.diagnostics()).isEmpty();
        return result.mesh().orElseThrow();
    }

    /** A rule that reports nothing, with any id. */
    private static class Probe implements Rule {

        private final String id;

        Probe(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Severity defaultSeverity() {
            return Severity.NOTE;
        }

        @Override
        public String description() {
            return "Nothing. A test needs a rule.";
        }

        @Override
        public List<RuleFinding> check(RuleContext context) {
            return List.of();
        }
    }
}
