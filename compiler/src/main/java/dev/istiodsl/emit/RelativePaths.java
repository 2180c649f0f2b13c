package dev.istiodsl.emit;

/**
 * Guards for the relative, {@code /}-separated paths of the tree. Names from the DSL are validated with a diagnostic
 * long before this; reaching one of these exceptions is a bug, and it must not become a file outside the tree.
 */
final class RelativePaths {

    private RelativePaths() {
    }

    /** One or more segments joined by {@code /}: no empty segment, no {@code .} or {@code ..}, no backslash. */
    static String check(String what, String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (String segment : path.split("/", -1)) {
            checkSegment(what, path, segment);
        }
        return path;
    }

    /** A single file or folder name. */
    static String checkName(String what, String name) {
        checkSegment(what, name, name);
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException(what + " '" + name + "' contains '/'");
        }
        return name;
    }

    private static void checkSegment(String what, String whole, String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException(what + " '" + whole + "' has an empty, '.' or '..' segment");
        }
        if (segment.chars().anyMatch(c -> c == '\\' || c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(what + " '" + whole + "' contains a backslash or a control character");
        }
    }
}
