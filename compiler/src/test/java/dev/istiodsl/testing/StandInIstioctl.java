package dev.istiodsl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in istioctl for one version: it reports that version, and for {@code manifest generate -f FILE...} checks
 * that the last file is the compiler's IstioOperator for the expected revision, then replays a real fixture.
 * Anything else exits 2 with the arguments on stderr.
 */
public final class StandInIstioctl {

    private StandInIstioctl() {
    }

    /** Every invocation of the stand-ins in a folder, one line of arguments each. */
    public static Path callLog(Path standIn) {
        return standIn.resolveSibling("calls.log");
    }

    public static Path write(Path file, String version, String revision, String fixture) throws IOException {
        String manifest = Fixtures.resolve(fixture).toString();
        String script = "#!/bin/sh\n"
                + "echo \"$*\" >> '" + callLog(file) + "'\n"
                + "if [ \"$#\" -eq 3 ] && [ \"$1\" = version ] && [ \"$2\" = --remote=false ] && [ \"$3\" = --short ];"
                + " then echo 'client version: " + version + "'; exit 0; fi\n"
                + "if [ \"$1\" = manifest ] && [ \"$2\" = generate ] && [ \"$3\" = -f ]; then\n"
                + "  for last; do :; done\n"
                + "  /bin/grep -q '\"revision\" : \"" + revision + "\"' \"$last\" || "
                + "{ echo \"stand-in: $last is not the IstioOperator of " + revision + "\" >&2; exit 3; }\n"
                + "  /bin/cat '" + manifest + "'; exit 0\n"
                + "fi\n"
                + "echo \"stand-in istioctl: unexpected arguments: $*\" >&2\nexit 2\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
