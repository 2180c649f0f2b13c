package dev.istiodsl.expand.istioctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes stand-in istioctl executables: POSIX shell scripts that answer only the argument lists they were told to
 * expect and exit 2 with a message on stderr for anything else, so a test fails loudly when the real process code
 * passes different arguments. istioctl runs with a PATH of the test's choosing, so scripts name tools by absolute path.
 */
final class StandIn {

    private final List<String> cases = new ArrayList<>();

    static StandIn script() {
        return new StandIn();
    }

    /** A stand-in that answers {@code version --remote=false --short} like istioctl 1.20+ does. */
    static StandIn reportingVersion(String version) {
        return script().on(List.of("version", "--remote=false", "--short"), "echo 'client version: " + version + "'");
    }

    /** When the arguments are exactly {@code arguments}, run {@code shell} and exit with its status. */
    StandIn on(List<String> arguments, String shell) {
        StringBuilder test = new StringBuilder("if [ \"$#\" -eq " + arguments.size() + " ]");
        for (int i = 0; i < arguments.size(); i++) {
            test.append(" && [ \"$").append(i + 1 > 9 ? "{" + (i + 1) + "}" : String.valueOf(i + 1)).append("\" = ")
                    .append(quote(arguments.get(i))).append(" ]");
        }
        cases.add(test + "; then\n" + shell + "\nexit $?\nfi\n");
        return this;
    }

    Path writeTo(Path file) throws IOException {
        StringBuilder text = new StringBuilder("#!/bin/sh\n");
        cases.forEach(text::append);
        text.append("echo \"stand-in istioctl: unexpected arguments: $*\" >&2\nexit 2\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Single-quoted for sh: no expansion of anything inside. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The absolute path of a standard tool such as {@code cat} or {@code sleep}. */
    static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("no " + name + " in /usr/bin or /bin");
    }
}
