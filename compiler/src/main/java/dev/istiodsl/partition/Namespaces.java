package dev.istiodsl.partition;

import java.util.Set;

/**
 * What the tree promises about Namespaces.
 *
 * <p><b>It creates every namespace it writes into</b>, except the ones every cluster has ({@link #isBuiltIn}), which
 * no tool should own: Helm could not adopt them.
 */
public final class Namespaces {

    /** Created by the API server in every cluster ({@code default}, {@code kube-system} and {@code kube-public} can never be deleted). */
    private static final Set<String> BUILT_IN = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private Namespaces() {
    }

    /** Whether every cluster has the namespace from the start: the tree may write into it, and never creates it. */
    public static boolean isBuiltIn(String namespace) {
        return BUILT_IN.contains(namespace);
    }
}
