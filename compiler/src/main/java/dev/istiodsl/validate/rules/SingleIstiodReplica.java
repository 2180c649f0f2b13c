package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A production environment can run a revision's istiod as a single pod.
 *
 * <p>One node drain or eviction then leaves that revision without a control plane: no new pods get sidecars, no
 * configuration is pushed, certificates stop being renewed. It counts the replicas the istiod Deployment asks for and
 * the minimum of the HorizontalPodAutoscaler that scales it. "Production" is the end of the promotion chain (see
 * {@link RuleContext#isProduction()}).
 */
public final class SingleIstiodReplica implements Rule {

    @Override
    public String id() {
        return "Production.SingleIstiodReplica";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A production environment (the end of a promotion chain) can run a revision's istiod as one pod. One"
                + " eviction then stops injection, configuration pushes and certificate renewal for that revision.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        if (!context.isProduction()) {
            return List.of();
        }
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed deployment : context.resourcesOf("Deployment")) {
            if (!deployment.stableName().equals("istiod") || deployment.part().owningRevision().isEmpty()) {
                continue;
            }
            String name = deployment.resource().name();
            Optional<Placed> hpa = context.resourcesOf("HorizontalPodAutoscaler").stream()
                    .filter(h -> h.resource().body().path("spec").path("scaleTargetRef").path("name").asText()
                            .equals(name)).findFirst();
            int least = hpa.map(h -> h.resource().body().path("spec").path("minReplicas").asInt(1))
                    .orElseGet(() -> replicas(deployment.resource().body().path("spec").path("replicas")));
            if (least < 2) {
                findings.add(RuleFinding.about(this, defaultSeverity(), context, deployment, hpa.isPresent()
                        ? "" : "/spec/replicas", "production environment '" + context.environment().name()
                        + "' may run istiod of revision " + deployment.part().owningRevision().get() + " as a single"
                        + " pod" + (hpa.isPresent() ? " (its autoscaler's minReplicas is " + least + ")" : ""),
                        "run at least two: import std/ha-control-plane, or merge { spec: { minReplicas: 2 } } into"
                                + " HorizontalPodAutoscaler \"istiod\""));
            }
        }
        return findings;
    }

    private static int replicas(JsonNode value) {
        return value.isNumber() ? value.asInt() : 1;
    }
}
