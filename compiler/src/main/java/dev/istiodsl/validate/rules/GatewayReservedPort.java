package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway port targets a port the Envoy proxy of every gateway pod already uses (ISTIO.md: the sidecar and gateway
 * ports 15000 to 15090).
 *
 * <p>The listener Istio would create there collides with the proxy's own (admin, outbound capture, metrics, health),
 * and the port never serves the traffic it was declared for. {@code status-port} on 15021 is the documented health
 * check port and passes.
 */
public final class GatewayReservedPort implements Rule {

    static final Map<Integer, String> RESERVED = Map.of(15000, "the Envoy admin interface", 15001,
            "outbound traffic capture", 15004, "debug", 15006, "inbound traffic capture", 15008, "HBONE tunnels",
            15009, "HBONE for ztunnel", 15020, "merged metrics", 15021, "health checks", 15053, "DNS proxy", 15090,
            "Envoy's Prometheus metrics");

    @Override
    public String id() {
        return "Gateway.ReservedPort";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A gateway port targets a port the gateway's Envoy proxy reserves (15000 to 15090). The listener would"
                + " collide with the proxy's own and never serve the declared traffic.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (String name : context.environment().gateways()) {
            Gateway gateway = context.mesh().gateways().get(name);
            for (Gateway.Port port : gateway.ports()) {
                String use = RESERVED.get(port.targetPort());
                if (use == null || port.targetPort() == 15021 && port.name().equals("status-port")) {
                    continue;
                }
                findings.add(RuleFinding.of(this, port.at() != null ? port.at() : gateway.at(), "gateway '" + name
                        + "' port " + port.name() + " targets " + port.targetPort() + ", which the gateway's proxy"
                        + " uses for " + use, "target an unprivileged port outside 15000-15090, such as 8080 or 8443"));
            }
        }
        return findings;
    }
}
