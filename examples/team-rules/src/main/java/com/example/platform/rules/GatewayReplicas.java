package com.example.platform.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.validate.rules.Rule;
import dev.istiodsl.validate.rules.RuleContext;
import dev.istiodsl.validate.rules.RuleFinding;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A team rule: in production, every gateway states its replicas, and runs at least two.
 *
 * <p>The platform team's own policy, not Istio's: a gateway of one pod drops client connections on every node drain,
 * and a gateway without {@code replicas} follows whatever the chart of the day defaults to. It reads the DSL only,
 * so it also runs with {@code istiodsl.expand=false}.
 */
public final class GatewayReplicas implements Rule {

    @Override
    public String id() {
        return "Acme.GatewayReplicas";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A production environment deploys a gateway that does not state at least two replicas. One pod"
                + " drops every client connection on a node drain, and an unstated count follows the chart's default.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        if (!context.isProduction()) {
            return List.of();
        }
        List<RuleFinding> findings = new ArrayList<>();
        for (String name : context.environment().gateways()) {
            Gateway gateway = context.mesh().gateways().get(name);
            OptionalInt replicas = gateway.replicas();
            if (replicas.isEmpty() || replicas.getAsInt() < 2) {
                findings.add(RuleFinding.of(this, gateway.at(), "gateway '" + name + "' runs in production"
                        + " environment '" + context.environment().name() + "' with "
                        + (replicas.isEmpty() ? "no replicas stated" : replicas.getAsInt() + " replica"),
                        "set `replicas 2` or more in the gateway"));
            }
        }
        return findings;
    }
}
