package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Service port whose name does not tell Istio its protocol, and which sets no {@code appProtocol}.
 *
 * <p>Istio picks a port's protocol from {@code appProtocol}, else from the name's prefix ({@code http-web},
 * {@code grpc}, {@code tcp-db}); an unnamed or otherwise named port falls back to protocol sniffing, which breaks
 * server-first protocols (MySQL, SMTP) and costs a timeout on the first bytes. {@code status-port} is Istio's own
 * name for the gateway health port and passes.
 */
public final class ServicePortName implements Rule {

    private static final Set<String> PROTOCOLS = Set.of("http", "http2", "https", "grpc", "grpc-web", "mongo",
            "mysql", "redis", "tcp", "tls", "udp");

    @Override
    public String id() {
        return "Service.PortProtocol";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A Service port's name does not start with a protocol Istio knows and it has no appProtocol. Istio"
                + " then sniffs the protocol, which breaks server-first protocols and delays the first bytes.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed service : context.resourcesOf("Service")) {
            JsonNode ports = service.resource().body().path("spec").path("ports");
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                String name = port.path("name").asText("");
                if (port.has("appProtocol") || name.equals("status-port") || known(name)) {
                    continue;
                }
                findings.add(RuleFinding.about(this, defaultSeverity(), context, service, "/spec/ports/" + i,
                        "port " + port.path("port").asText() + (name.isEmpty() ? " has no name"
                                : " is named '" + name + "'") + ", which tells Istio no protocol",
                        "name it <protocol>[-<suffix>] (http-web, grpc, tcp-db) or set appProtocol"));
            }
        }
        return findings;
    }

    private static boolean known(String name) {
        int dash = name.indexOf('-');
        String prefix = name.toLowerCase(java.util.Locale.ROOT);
        return PROTOCOLS.contains(prefix) || dash > 0 && (PROTOCOLS.contains(prefix.substring(0, dash))
                || prefix.startsWith("grpc-web"));
    }
}
