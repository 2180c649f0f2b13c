package dev.istiodsl.validate.kubernetes;

import dev.istiodsl.resource.Resource;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.validate.Finding;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every object's identity is one the API server accepts: a kind of letters and digits, an API group and a namespace
 * that are DNS names, and a name that is at least a path segment (no {@code /} or {@code %}, not {@code .} or
 * {@code ..}). Resource files and manifests can hold anything; an identity no cluster would take also could not be a
 * file of the tree, whose paths are made of it.
 */
public final class Identities {

    public static final String INVALID = "Resource.InvalidName";

    private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
            + "[a-z0-9])?)*");

    public List<Finding> check(Resource resource) {
        return problem(resource.id()).map(problem -> List.of(Finding.error(INVALID, resource.id(), "", problem,
                "Kubernetes would refuse the object; correct the file or the operation that gave it this identity")))
                .orElse(List.of());
    }

    /** What the API server would refuse in the identity; empty when it would take it. */
    public static Optional<String> problem(ResourceId id) {
        if (id.kind().length() > 63 || !KIND.matcher(id.kind()).matches()) {
            return Optional.of("its kind is not a word of letters and digits");
        }
        if (!id.group().isEmpty() && (id.group().length() > 253 || !SUBDOMAIN.matcher(id.group()).matches())) {
            return Optional.of("the group of its apiVersion is not a DNS name (lower case letters, digits, '-' and "
                    + "'.')");
        }
        if (!id.namespace().isEmpty() && (id.namespace().length() > 63 || !LABEL.matcher(id.namespace()).matches())) {
            return Optional.of("metadata.namespace is not a DNS label (at most 63 lower case letters, digits and "
                    + "'-', starting and ending with a letter or digit)");
        }
        String name = id.name();
        if (name.isEmpty() || name.length() > 253 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == '%' || c == '\\' || c < 0x20 || c == 0x7F)) {
            return Optional.of("metadata.name is not a name Kubernetes accepts (at most 253 characters, without '/', "
                    + "'%', '\\' or control characters, and not '.' or '..')");
        }
        return Optional.empty();
    }
}
