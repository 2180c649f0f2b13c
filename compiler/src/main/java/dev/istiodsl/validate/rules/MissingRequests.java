package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * A container requests no CPU or no memory.
 *
 * <p>The scheduler then places it as if it needed nothing, and under pressure it is evicted first: for istiod or a
 * gateway that is an outage. Limits are not demanded; Istio's own guidance leaves CPU unlimited for proxies. Injected
 * gateway pods ({@code image: auto}) get their resources from the injector and pass.
 */
public final class MissingRequests implements Rule {

    @Override
    public String id() {
        return "Resources.MissingRequests";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A container requests no CPU or no memory. The scheduler places it as if it needed nothing, and it is"
                + " the first to be evicted under pressure.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Pods.Container c : Pods.containers(context.resources())) {
            if (c.image().equals("auto")) {
                continue;
            }
            JsonNode requests = c.node().path("resources").path("requests");
            List<String> missing = new ArrayList<>();
            for (String resource : List.of("cpu", "memory")) {
                if (!requests.has(resource)) {
                    missing.add(resource);
                }
            }
            if (!missing.isEmpty()) {
                findings.add(RuleFinding.about(this, defaultSeverity(), context, c.owner(), c.pointer()
                        + "/resources/requests", "container " + c.name() + " requests no " + String.join(" and no ",
                        missing), "set resources.requests (an overlay `merge` or `patch`, or the component's k8s"
                                + " settings)"));
            }
        }
        return findings;
    }
}
