package dev.istiodsl.validate.schema.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;

import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' format library: {@code format.named(name)} (an optional format), {@code format.<name>()} for each
 * {@link NamedFormat}, and {@code <format>.validate(string)}, none when the string is of the format, else the list of
 * reasons it is not.
 */
final class FormatFunctions {

    static final CelType FORMAT = OpaqueType.create("kubernetes.NamedFormat");

    private FormatFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.global("format.named", "format-named", OptionalType.create(FORMAT), List.of(SimpleType.STRING),
                List.of(String.class), args -> Optional.ofNullable(NamedFormat.ALL.get((String) args[0])));
        NamedFormat.ALL.forEach((name, format) -> f.global("format." + name, "format." + name, FORMAT, List.of(),
                List.of(), args -> format));
        f.member("validate", "format-validate", OptionalType.create(ListType.create(SimpleType.STRING)),
                List.of(FORMAT, SimpleType.STRING), List.of(NamedFormat.class, String.class), args -> {
                    List<String> reasons = ((NamedFormat) args[0]).validate((String) args[1]);
                    return reasons.isEmpty() ? Optional.empty() : Optional.of(reasons);
                });
        return f;
    }
}
