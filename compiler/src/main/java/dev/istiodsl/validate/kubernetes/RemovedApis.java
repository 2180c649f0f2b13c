package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.util.ClasspathText;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.validate.Finding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which Kubernetes API versions a cluster of a given version no longer serves, or serves with a deprecation warning,
 * read from {@code istiodsl/facts/kubernetes-apis.yaml}. An object whose apiVersion is removed at the environment's
 * version is a {@code Kubernetes.RemovedApi} error (the API server answers "no matches for kind", and Flux fails the
 * whole Kustomization); a deprecated one a {@code Kubernetes.DeprecatedApi} warning.
 */
public final class RemovedApis {

    static final String RESOURCE = "istiodsl/facts/kubernetes-apis.yaml";
    static final String REMOVED = "Kubernetes.RemovedApi";
    static final String DEPRECATED = "Kubernetes.DeprecatedApi";

    /**
     * The lifecycle of one kind in one API version.
     *
     * @param deprecatedIn the first release that warns about it, empty when not deprecated
     * @param removedIn    the first release that no longer serves it, empty when not scheduled
     * @param replacement  the apiVersion to use instead, empty when there is none
     * @param note         what else changes in the replacement, empty when nothing notable
     */
    public record Api(String group, String version, String kind, Optional<KubernetesVersion> deprecatedIn,
            Optional<KubernetesVersion> removedIn, Optional<String> replacement, Optional<String> note) {

        public Api {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(deprecatedIn, "deprecatedIn");
            Objects.requireNonNull(removedIn, "removedIn");
            Objects.requireNonNull(replacement, "replacement");
            Objects.requireNonNull(note, "note");
        }

        /** {@code policy/v1beta1}, or {@code v1} for the core group. */
        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    private final Map<String, Api> apis;

    private RemovedApis(Map<String, Api> apis) {
        this.apis = Collections.unmodifiableMap(new TreeMap<>(apis));
    }

    /** The facts shipped with the compiler. */
    public static RemovedApis shipped() {
        return Shipped.INSTANCE;
    }

    private static final class Shipped {
        static final RemovedApis INSTANCE = load();

        private static RemovedApis load() {
            return parse(ClasspathText.read(RESOURCE, "the compiler jar"));
        }
    }

    /** Reads the data file's text; a malformed file is a bug in the shipped data and throws. */
    static RemovedApis parse(String text) {
        JsonNode root = Yaml.shippedDocument(text, RESOURCE);
        Map<String, Api> apis = new TreeMap<>();
        for (JsonNode entry : root.path("apis")) {
            String group = text(entry, "group").orElseThrow(() -> bad("an entry lacks group", entry));
            String version = text(entry, "version").orElseThrow(() -> bad("an entry lacks version", entry));
            Optional<KubernetesVersion> deprecatedIn = kubernetes(entry, "deprecatedIn");
            Optional<KubernetesVersion> removedIn = kubernetes(entry, "removedIn");
            if (deprecatedIn.isEmpty() && removedIn.isEmpty()) {
                throw bad("an entry has neither deprecatedIn nor removedIn", entry);
            }
            if (!entry.path("kinds").isArray() || entry.path("kinds").isEmpty()) {
                throw bad("an entry lacks kinds", entry);
            }
            for (JsonNode kind : entry.path("kinds")) {
                Api api = new Api(group, version, kind.asText(), deprecatedIn, removedIn, text(entry, "replacement"),
                        text(entry, "note"));
                if (apis.put(key(group, version, api.kind()), api) != null) {
                    throw bad("an API is listed twice: " + api.apiVersion() + " " + api.kind(), entry);
                }
            }
        }
        return new RemovedApis(apis);
    }

    /** The lifecycle of a kind in an apiVersion, when it is deprecated or removed at some release. */
    public Optional<Api> lookup(String apiVersion, String kind) {
        String group = ResourceId.groupOf(apiVersion);
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return Optional.ofNullable(apis.get(key(group, version, kind)));
    }

    /** Every API version in the data, sorted by group, version and kind. */
    public List<Api> all() {
        return List.copyOf(apis.values());
    }

    /**
     * A {@code Kubernetes.RemovedApi} error when the resource's apiVersion is no longer served at {@code cluster},
     * a {@code Kubernetes.DeprecatedApi} warning when it is served with a deprecation warning, nothing otherwise.
     */
    public List<Finding> check(Resource resource, KubernetesVersion cluster) {
        Optional<Api> found = lookup(resource.apiVersion(), resource.kind());
        if (found.isEmpty()) {
            return List.of();
        }
        Api api = found.get();
        String subject = api.apiVersion() + " " + api.kind();
        String instead = api.replacement().map(r -> ": use " + r).orElse(": it has no replacement API");
        String hint = api.note().orElse(null);
        List<Finding> findings = new ArrayList<>();
        if (api.removedIn().isPresent() && cluster.compareTo(api.removedIn().get()) >= 0) {
            findings.add(Finding.error(REMOVED, resource.id(), "/apiVersion", subject + " was removed in Kubernetes "
                    + api.removedIn().get() + "; this environment runs " + cluster + instead, hint));
        } else if (api.deprecatedIn().isPresent() && cluster.compareTo(api.deprecatedIn().get()) >= 0) {
            String removal = api.removedIn().map(v -> " and is removed in " + v).orElse("");
            findings.add(Finding.warning(DEPRECATED, resource.id(), "/apiVersion", subject
                    + " is deprecated since Kubernetes " + api.deprecatedIn().get() + removal
                    + "; this environment runs " + cluster + instead, hint));
        }
        return findings;
    }

    private static String key(String group, String version, String kind) {
        return group + "/" + version + "/" + kind;
    }

    private static Optional<String> text(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().strip())
                : Optional.empty();
    }

    private static Optional<KubernetesVersion> kubernetes(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw bad(field + " must be a quoted version such as \"1.25\", not " + value, entry);
        }
        return Optional.of(KubernetesVersion.parse(value.asText())
                .orElseThrow(() -> bad(field + " is not a Kubernetes version: " + value.asText(), entry)));
    }

    private static IllegalStateException bad(String problem, JsonNode entry) {
        return new IllegalStateException(RESOURCE + ": " + problem + " (" + entry + ")");
    }
}
