package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.List;

/**
 * A rule registered the way a team registers its own, under {@code META-INF/services/} of the test classpath. It only
 * reports environments that deploy to a cluster named {@value #CLUSTER}, so no other test's mesh ever triggers it.
 */
public final class ServiceLoaderProbeRule implements Rule {

    static final String CLUSTER = "service-loader-probe";

    @Override
    public String id() {
        return "Probe.ServiceLoaded";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "An environment deploys to the cluster " + CLUSTER + ". It proves that rules registered with"
                + " ServiceLoader run beside the built-in ones.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        if (!context.environment().clusters().contains(CLUSTER)) {
            return List.of();
        }
        return List.of(RuleFinding.of(this, context.environmentAt(), "environment '"
                + context.environment().name() + "' deploys to cluster " + CLUSTER, "deploy somewhere else"));
    }
}
