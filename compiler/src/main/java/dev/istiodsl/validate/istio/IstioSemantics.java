package dev.istiodsl.validate.istio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.Finding;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What istiod's webhook refuses although the CRD schema accepts it: the object would be rejected when Flux applies
 * it, long after review. Only checks whose rule is plain are here; each names the field by JSON pointer.
 */
public final class IstioSemantics {

    /** RE2, which Envoy and istiod use, has no lookaround and no backreferences. */
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?<?[=!]|\\\\[1-9]");

    public List<Finding> validate(Resource resource) {
        if (!resource.id().group().endsWith("istio.io")) {
            return List.of();
        }
        JsonNode spec = resource.body().path("spec");
        List<Finding> out = new ArrayList<>();
        switch (resource.kind()) {
            case "EnvoyFilter" -> envoyFilter(resource, spec, out);
            case "Gateway" -> {
                if (spec.path("servers").isEmpty()) {
                    out.add(Finding.error("Istio.GatewayWithoutServers", resource.id(), "/spec/servers",
                            "a Gateway needs at least one server; istiod refuses it without",
                            "add servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [\"*\"] }]"));
                }
            }
            case "Sidecar" -> {
                if (spec.has("egress") && spec.path("egress").isEmpty()) {
                    out.add(Finding.error("Istio.EmptySidecarEgress", resource.id(), "/spec/egress",
                            "egress is an empty list; istiod refuses a Sidecar whose egress has no listener",
                            "list at least one egress listener (hosts: [\"./*\", \"istio-system/*\"]), or drop egress"));
                }
            }
            case "VirtualService" -> {
                weights(resource, spec, out);
                regexes(resource, spec, "/spec", out);
            }
            case "WorkloadEntry" -> {
                if (spec.has("address") && spec.path("address").asText("").isEmpty()) {
                    out.add(Finding.error("Istio.EmptyWorkloadAddress", resource.id(), "/spec/address",
                            "address is empty; istiod refuses a WorkloadEntry without an address",
                            "set the workload's IP address, host name or unix:// socket"));
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static void envoyFilter(Resource resource, JsonNode spec, List<Finding> out) {
        JsonNode patches = spec.path("configPatches");
        for (int i = 0; i < patches.size(); i++) {
            JsonNode patch = patches.get(i).path("patch");
            if (patch.path("operation").asText("").isEmpty()) {
                out.add(Finding.error("Istio.EmptyEnvoyFilterPatch", resource.id(),
                        "/spec/configPatches/" + i + "/patch/operation", "configPatches[" + i + "] (applyTo "
                                + patches.get(i).path("applyTo").asText("?") + ") has no patch operation; istiod "
                                + "refuses it", "say what the patch does: operation MERGE, ADD, REMOVE, "
                                + "INSERT_BEFORE, INSERT_AFTER, INSERT_FIRST or REPLACE, with its value"));
            }
        }
    }

    private static void weights(Resource resource, JsonNode spec, List<Finding> out) {
        for (String protocol : List.of("http", "tcp", "tls")) {
            JsonNode routes = spec.path(protocol);
            for (int i = 0; i < routes.size(); i++) {
                JsonNode destinations = routes.get(i).path("route");
                for (int j = 0; j < destinations.size(); j++) {
                    JsonNode weight = destinations.get(j).path("weight");
                    if (weight.isNumber() && weight.asLong() < 0) {
                        out.add(Finding.error("Istio.NegativeWeight", resource.id(), "/spec/" + protocol + "/" + i
                                + "/route/" + j + "/weight", "route weight " + weight.asLong() + " is negative; "
                                + "istiod refuses weights below 0", "weights are shares of the traffic: 0 or more"));
                    }
                }
            }
        }
    }

    /** Every {@code regex} string of a VirtualService's matches. */
    private static void regexes(Resource resource, JsonNode node, String at, List<Finding> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                regexes(resource, node.get(i), at + "/" + i, out);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
            if (field.getKey().equals("regex") && field.getValue().isTextual()
                    && NOT_RE2.matcher(field.getValue().asText()).find()) {
                out.add(Finding.error("Istio.UnsupportedRegex", resource.id(), path, "the regex \""
                        + field.getValue().asText() + "\" uses lookaround or a backreference, which RE2 (Envoy's "
                        + "regex engine) cannot compile; istiod refuses it", "rewrite it without (?=, (?!, (?<=, "
                        + "(?<! and \\1; a negative match can often be a separate route matched first"));
            } else if (field.getValue().isContainerNode()) {
                regexes(resource, field.getValue(), path, out);
            }
        }
    }
}
