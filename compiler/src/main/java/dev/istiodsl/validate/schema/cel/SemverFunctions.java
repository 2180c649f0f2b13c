package dev.istiodsl.validate.schema.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;

import java.util.List;

/**
 * Kubernetes' semver library: {@code isSemver(string[, normalize])}, {@code semver(string[, normalize])}, and on a
 * version {@code major()}, {@code minor()}, {@code patch()}, {@code isLessThan}, {@code isGreaterThan},
 * {@code compareTo}.
 */
final class SemverFunctions {

    static final CelType SEMVER = OpaqueType.create("kubernetes.Semver");

    private SemverFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.global("isSemver", "is_semver_string", SimpleType.BOOL, List.of(SimpleType.STRING), List.of(String.class),
                args -> Functions.parses((String) args[0], t -> Semver.parse(t, false)));
        f.global("isSemver", "is_semver_string_bool", SimpleType.BOOL, List.of(SimpleType.STRING, SimpleType.BOOL),
                List.of(String.class, Boolean.class),
                args -> Functions.parses((String) args[0], t -> Semver.parse(t, (Boolean) args[1])));
        f.global("semver", "string_to_semver", SEMVER, List.of(SimpleType.STRING), List.of(String.class),
                args -> Functions.parsed((String) args[0], t -> Semver.parse(t, false)));
        f.global("semver", "string_bool_to_semver", SEMVER, List.of(SimpleType.STRING, SimpleType.BOOL),
                List.of(String.class, Boolean.class),
                args -> Functions.parsed((String) args[0], t -> Semver.parse(t, (Boolean) args[1])));
        f.member("major", "semver_major", SimpleType.INT, List.of(SEMVER), List.of(Semver.class),
                args -> ((Semver) args[0]).major());
        f.member("minor", "semver_minor", SimpleType.INT, List.of(SEMVER), List.of(Semver.class),
                args -> ((Semver) args[0]).minor());
        f.member("patch", "semver_patch", SimpleType.INT, List.of(SEMVER), List.of(Semver.class),
                args -> ((Semver) args[0]).patch());
        f.member("isLessThan", "semver_is_less_than", SimpleType.BOOL, List.of(SEMVER, SEMVER),
                List.of(Semver.class, Semver.class), args -> ((Semver) args[0]).compareTo((Semver) args[1]) < 0);
        f.member("isGreaterThan", "semver_is_greater_than", SimpleType.BOOL, List.of(SEMVER, SEMVER),
                List.of(Semver.class, Semver.class), args -> ((Semver) args[0]).compareTo((Semver) args[1]) > 0);
        f.member("compareTo", "semver_compare_to", SimpleType.INT, List.of(SEMVER, SEMVER),
                List.of(Semver.class, Semver.class),
                args -> (long) Integer.signum(((Semver) args[0]).compareTo((Semver) args[1])));
        return f;
    }
}
