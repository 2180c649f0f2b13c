package dev.istiodsl.diag;

import java.util.Optional;

/**
 * A cluster whose settings change what its environment renders is expanded, transformed and validated as an
 * environment of its own, named {@code <environment>/clusters/<cluster>} ({@code prod/clusters/prod-eu-1}); this is
 * that name, read both ways, and how diagnostics of such an environment are told to people. A finding the cluster
 * shares with its environment is the environment's, and is reported once, for it ({@link #asEnvironments}); one only
 * the cluster has names the cluster ({@link #naming}).
 */
public record ClusterScope(String environment, String cluster) {

    /** Between the environment's name and the cluster's. */
    public static final String CLUSTERS = "/clusters/";

    /** {@code prod/clusters/prod-eu-1}. */
    public String name() {
        return environment + CLUSTERS + cluster;
    }

    /** The cluster an environment name stands for; nothing for an environment of the DSL, or for null. */
    public static Optional<ClusterScope> of(String environmentName) {
        int cut = environmentName == null ? -1 : environmentName.indexOf(CLUSTERS);
        return cut < 0 ? Optional.empty() : Optional.of(new ClusterScope(environmentName.substring(0, cut),
                environmentName.substring(cut + CLUSTERS.length())));
    }

    /** How messages name it: {@code cluster 'prod-eu-1' of environment 'prod'}. */
    public String described() {
        return "cluster '" + cluster + "' of environment '" + environment + "'";
    }

    /** The diagnostic as the environment reports the same finding: with the environment's name for the cluster's. */
    Diagnostic asEnvironments(Diagnostic d) {
        return new Diagnostic(d.id(), d.severity(), d.location(), replace(d.message(), quoted(name()),
                quoted(environment)), replace(d.hint(), quoted(name()), quoted(environment)), d.suppression(),
                environment);
    }

    /**
     * The diagnostic of a finding only the cluster has, about its environment, naming the cluster where it named the
     * cluster's environment, or in front when it named neither.
     */
    Diagnostic naming(Diagnostic d) {
        String named = "environment " + quoted(name());
        String message = replace(d.message(), named, described());
        if (!message.contains(described())) {
            message = "in " + described() + ": " + message;
        }
        return new Diagnostic(d.id(), d.severity(), d.location(), message, replace(d.hint(), named, described()),
                d.suppression(), environment);
    }

    private static String quoted(String name) {
        return "'" + name + "'";
    }

    private static String replace(String text, String what, String with) {
        return text == null ? null : text.replace(what, with);
    }
}
