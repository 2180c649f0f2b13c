package dev.istiodsl.validate.kubernetes;

import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.Scope;
import dev.istiodsl.validate.Finding;

import java.util.List;
import java.util.Optional;

/**
 * Every namespaced object names its namespace. The compiler never picks one for an object that has none: the
 * control-plane namespace was the old guess, and it is Istio's root namespace, where a {@code PeerAuthentication}
 * meant for one namespace becomes mesh-wide STRICT mTLS. An object of a kind whose scope nobody here knows is written
 * as it stands, with a warning; so is a cluster-scoped object written with a namespace, which the API server ignores.
 */
public final class Namespaces {

    public static final String MISSING = "Resource.MissingNamespace";
    public static final String UNKNOWN_SCOPE = "Resource.UnknownScope";
    public static final String IGNORED = "Resource.IgnoredNamespace";

    public List<Finding> check(Resource resource, Scope scope) {
        String kind = resource.kind() + (resource.id().group().isEmpty() ? "" : "." + resource.id().group());
        Optional<Boolean> namespaced = scope.namespaced(resource.id().group(), resource.kind());
        String written = resource.body().path("metadata").path("namespace").asText("");
        if (!written.isEmpty()) {
            if (namespaced.equals(Optional.of(false))) {
                return List.of(Finding.warning(IGNORED, resource.id(), "/metadata/namespace", "a " + kind + " lives"
                        + " in no namespace, so the API server ignores its metadata.namespace '" + written + "'",
                        "remove metadata.namespace"));
            }
            return List.of();
        }
        if (namespaced.isEmpty()) {
            return List.of(Finding.warning(UNKNOWN_SCOPE, resource.id(), "", "no CustomResourceDefinition the"
                    + " environment emits defines " + kind + ", and it is no Kubernetes API kind, so whether it lives"
                    + " in a namespace is unknown: it is written without one", "if it is namespaced, set"
                    + " metadata.namespace; if it is cluster-scoped, suppress " + UNKNOWN_SCOPE + " for it with a"
                    + " reason"));
        }
        if (namespaced.get()) {
            return List.of(Finding.error(MISSING, resource.id(), "", "a " + kind + " lives in a namespace, but"
                    + " metadata.namespace is not set; the compiler does not choose a namespace for it", "set"
                    + " metadata.namespace to the namespace it is meant for; in istio-system, Istio's root namespace,"
                    + " a policy applies to the whole mesh"));
        }
        return List.of();
    }
}
