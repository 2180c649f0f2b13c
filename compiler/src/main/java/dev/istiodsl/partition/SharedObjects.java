package dev.istiodsl.partition;

import dev.istiodsl.resource.ResourceId;

import java.util.List;

/**
 * Cluster singletons that Istio renders in every revision on purpose (ISTIO.md §2.2, §8.1): the base chart's service
 * accounts and legacy RBAC, the stable-channel admission policy, CNI and ztunnel. Two versions render them with
 * different labels; the newest version's copy is the one to apply. Any other object rendered differently by two
 * revisions is a collision.
 */
final class SharedObjects {

    private static final List<String> PREFIXES = List.of("istio-reader", "istiod-istio-system",
            "istiod-service-account", "istiod-pilot-istio-system", "stable-channel-", "istio-cni", "ztunnel");

    private SharedObjects() {
    }

    static boolean isShared(ResourceId id) {
        return PREFIXES.stream().anyMatch(id.name()::startsWith);
    }
}
