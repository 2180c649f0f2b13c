package dev.istiodsl.validate;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.resource.ResourceId;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem a validator found in an emitted resource (or in an environment as a whole): a stable dotted id
 * ({@code Schema.UnknownField}, {@code Upgrade.SkipsTooManyMinors}), a severity, the resource and JSON pointer it is
 * about when there is one, what is wrong, and how to fix it. The compiler turns findings into diagnostics located at
 * the environment (or the DSL line a rule names).
 *
 * @param path a JSON pointer into the resource ({@code /spec/http/0/route}), or "" for the whole resource
 */
public record Finding(String id, Severity severity, Optional<ResourceId> resource, String path, String message,
        String hint) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public static Finding error(String id, ResourceId resource, String path, String message, String hint) {
        return new Finding(id, Severity.ERROR, Optional.of(resource), path, message, hint);
    }

    public static Finding warning(String id, ResourceId resource, String path, String message, String hint) {
        return new Finding(id, Severity.WARNING, Optional.of(resource), path, message, hint);
    }
}
