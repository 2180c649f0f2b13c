package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;

/**
 * A gateway's shared Service does not select the pods of one of its revisions' Deployments.
 *
 * <p>Blue/green depends on it: the one Service must reach every revision's gateway pods, so traffic moves by replicas.
 * A Deployment it misses gets no traffic, and when it is the only one, the load balancer has no backend. The usual
 * cause is an overlay that changes the pod labels or the Service's selector.
 */
public final class GatewayServiceSelectsNoPods implements Rule {

    @Override
    public String id() {
        return "Gateway.ServiceMissesPods";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A gateway's shared Service does not select the pods of a revision's gateway Deployment. That"
                + " revision's gateway gets no traffic, and blue/green by replicas no longer works.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed service : context.resourcesOf("Service")) {
            if (service.gateway().isEmpty() || service.part().kind() != Part.Kind.BASE) {
                continue;
            }
            String gateway = service.gateway().get();
            JsonNode selector = service.resource().body().path("spec").path("selector");
            for (Placed deployment : context.resourcesOf("Deployment")) {
                if (!deployment.gateway().filter(gateway::equals).isPresent()) {
                    continue;
                }
                if (!Pods.selectsMap(selector, Pods.labels(deployment.resource().body().path("spec")
                        .path("template").path("metadata")))) {
                    findings.add(RuleFinding.about(this, defaultSeverity(), context, service, "/spec/selector",
                            "the Service of gateway '" + gateway + "' selects " + selector + ", which the pods of "
                                    + deployment.resource().name() + " (" + deployment.part().path() + ") do not"
                                    + " carry", "keep the gateway's app and istio pod labels, and its Service's"
                                    + " selector, as the compiler writes them"));
                }
            }
        }
        return findings;
    }
}
