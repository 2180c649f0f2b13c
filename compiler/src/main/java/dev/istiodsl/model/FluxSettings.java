package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.List;
import java.util.Optional;

/**
 * How the Flux {@code Kustomization}s of an environment (or of one of its clusters) reconcile its parts: the mesh's
 * {@code flux { }} settings, then those of the environment it extends, then its own, key by key.
 *
 * @param sourceKind         {@code GitRepository}, {@code OCIRepository} or {@code Bucket}
 * @param sourceName         the source the Kustomizations read ({@code flux-system}, the bootstrap default)
 * @param namespace          the source's namespace, where the Kustomizations live too ({@code flux-system})
 * @param waitForAll             Flux waits for every object a Kustomization applies; when false, only for its
 *                           {@code healthChecks}: each revision's and each gateway's Deployments, and
 *                           {@code extraChecks} in the parts that hold them
 * @param decryptionSecret   the Secret with the SOPS keys the parts holding encrypted Secrets decrypt them with;
 *                           none when the controller decrypts with keys of its own (a cloud KMS it may use)
 */
public record FluxSettings(String sourceKind, String sourceName, String namespace, String interval,
        Optional<String> retryInterval, Optional<String> timeout, boolean waitForAll, List<HealthCheck> extraChecks,
        boolean prune, Optional<String> serviceAccountName, Optional<String> decryptionSecret) {

    /** As istiodsl wrote the Flux objects before they had settings: the bootstrap's source, 10m, wait, prune. */
    public static final FluxSettings DEFAULTS = new FluxSettings("GitRepository", "flux-system", "flux-system", "10m",
            Optional.empty(), Optional.empty(), true, List.of(), true, Optional.empty(), Optional.of("sops-age"));

    public FluxSettings {
        extraChecks = List.copyOf(extraChecks);
    }

    /** An object a Kustomization's health assessment waits for, as written in {@code healthChecks}. */
    public record HealthCheck(String apiVersion, String kind, String name, Optional<String> namespace,
            SourceLocation at) {
    }
}
