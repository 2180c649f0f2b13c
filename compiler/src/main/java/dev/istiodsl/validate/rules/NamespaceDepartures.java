package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.partition.Namespaces;
import dev.istiodsl.partition.Placed;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespaces the environment's tree on disk created or bound that this compile no longer does
 * ({@link Namespaces#departures}), as findings of the three rules that tell them apart.
 */
final class NamespaceDepartures {

    private NamespaceDepartures() {
    }

    /** In namespace order; none when the revisions were not expanded, or there is no earlier tree. */
    static List<Namespaces.Departure> of(RuleContext context) {
        if (!context.expanded()) {
            return List.of();
        }
        Map<String, JsonNode> now = new TreeMap<>();
        for (Placed ns : context.resourcesOf("Namespace")) {
            now.put(ns.resource().name(), ns.resource().body());
        }
        return Namespaces.departures(context.previousNamespaces(), now);
    }

    static RuleFinding finding(Rule rule, RuleContext context, Namespaces.Departure departure) {
        return RuleFinding.of(rule, context.environmentAt(), "environment '" + context.environment().name() + "': "
                + departure.fate(), departure.followUp());
    }
}
