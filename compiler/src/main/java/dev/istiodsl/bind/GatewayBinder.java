package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.parse.Ast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Binds {@code gateway NAME { ... }} into a {@link Gateway}. */
final class GatewayBinder {

    private static final Set<String> SETTINGS = Set.of("kind", "namespace", "service", "replicas", "resources",
            "nodeSelector", "tolerations", "annotations", "serviceAnnotations", "labels");
    private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");
    private static final Set<String> KINDS = Set.of("ingress", "egress", "eastwest");

    private final Diagnostics diagnostics;
    private final ValueReader values;

    GatewayBinder(Diagnostics diagnostics, ValueReader values) {
        this.diagnostics = diagnostics;
        this.values = values;
    }

    Optional<Gateway> bind(Ast.Gateway ast) {
        boolean ok = Names.checkLabel(ast.name(), "gateway", diagnostics);
        String where = "gateway '" + ast.name().text() + "'";
        Settings settings = Settings.check(ast.settings(), SETTINGS, Set.of(), where, diagnostics);

        Gateway.Kind kind = settings.value("kind").flatMap(v -> oneOf(v, "kind", KINDS))
                .map(k -> Gateway.Kind.valueOf(k.toUpperCase(java.util.Locale.ROOT)))
                .orElse(Gateway.Kind.INGRESS);
        // As Istio's multicluster guides install it: istio-system, behind a load balancer the other networks reach.
        String namespace = settings.value("namespace").flatMap(v -> values.dnsLabel(v, "namespace"))
                .orElse(switch (kind) {
                    case INGRESS -> "istio-ingress";
                    case EGRESS -> "istio-egress";
                    case EASTWEST -> "istio-system";
                });
        String service = settings.value("service").flatMap(v -> oneOf(v, "service", SERVICE_TYPES))
                .orElse(kind == Gateway.Kind.EGRESS ? "ClusterIP" : "LoadBalancer");
        OptionalInt replicas = settings.value("replicas").map(v -> values.integer(v, "replicas", 0, 1000))
                .orElse(OptionalInt.empty());

        ObjectNode kubernetes = Json.NODES.objectNode();
        for (String map : List.of("resources", "nodeSelector", "annotations", "serviceAnnotations", "labels")) {
            settings.value(map).flatMap(v -> values.map(v, map)).ifPresent(node -> kubernetes.set(map, node));
        }
        settings.value("tolerations").flatMap(v -> values.list(v, "tolerations"))
                .ifPresent(node -> kubernetes.set("tolerations", node));

        List<Gateway.Port> ports = ports(ast);
        return ok ? Optional.of(new Gateway(ast.name().text(), ast.name().at(), kind, namespace, service, replicas,
                ports, kubernetes)) : Optional.empty();
    }

    private List<Gateway.Port> ports(Ast.Gateway ast) {
        List<Gateway.Port> ports = new ArrayList<>();
        Map<String, Ast.Port> names = new HashMap<>();
        Map<Integer, Ast.Port> numbers = new HashMap<>();
        for (Ast.Port port : ast.ports()) {
            Names.checkLabel(port.name(), "port", diagnostics);
            OptionalInt number = values.integer(port.port(), "port", 1, 65535);
            OptionalInt target = port.targetPort().map(v -> values.integer(v, "target port", 1, 65535))
                    .orElse(number);
            Ast.Port sameName = names.putIfAbsent(port.name().text(), port);
            if (sameName != null) {
                diagnostics.error("Bind.DuplicatePort", port.name().at(), "port name '" + port.name().text()
                        + "' is used twice in gateway '" + ast.name().text() + "' (first at line "
                        + sameName.at().line() + ")", "each port of a Service needs its own name");
                continue;
            }
            if (number.isPresent()) {
                Ast.Port samePort = numbers.putIfAbsent(number.getAsInt(), port);
                if (samePort != null) {
                    diagnostics.error("Bind.DuplicatePort", port.port().at(), "port " + number.getAsInt()
                            + " is used twice in gateway '" + ast.name().text() + "' (first at line "
                            + samePort.at().line() + ")", "each port number can be used once");
                    continue;
                }
            }
            if (number.isPresent() && target.isPresent()) {
                ports.add(new Gateway.Port(port.name().text(), number.getAsInt(), target.getAsInt(), port.at()));
            }
        }
        return ports;
    }

    private Optional<String> oneOf(Ast.Value value, String what, Set<String> allowed) {
        Optional<String> text = values.text(value, what);
        if (text.isPresent() && !allowed.contains(text.get())) {
            diagnostics.error("Bind.InvalidValue", value.at(), "'" + text.get() + "' is not a valid " + (what.equals("service") ? "service type" : what),
                    Suggestions.closest(text.get(), allowed).map(s -> "did you mean '" + s + "'?")
                            .orElse("use one of: " + String.join(", ", allowed.stream().sorted().toList())));
            return Optional.empty();
        }
        return text;
    }
}
