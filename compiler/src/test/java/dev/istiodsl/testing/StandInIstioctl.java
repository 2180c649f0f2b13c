package dev.istiodsl.testing;

import dev.istiodsl.compiler.IstioctlOptions;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Stand-ins for the two recorded renders of a canary, 1.22.8 (revision {@code 1-22-8}, tag {@code stable}) and
     * 1.24.6 ({@code 1-24-6}, tag {@code canary}), written to {@code bin}, and the options that run only them.
     * Written anew each call: the same script at the same path, so the lock's istioctl digests stay the same.
     */
    public static IstioctlOptions recordedCanary(Path bin) throws IOException {
        return new IstioctlOptions(Map.of(
                "1.22.8", write(bin.resolve("istioctl-1.22.8"), "1.22.8", "1-22-8",
                        "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml"),
                "1.24.6", write(bin.resolve("istioctl-1.24.6"), "1.24.6", "1-24-6",
                        "istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml")),
                Optional.empty(), false, "", true, URI.create("http://127.0.0.1:9/unused"), Duration.ofSeconds(30));
    }

    /** Every invocation of the stand-ins in a folder, one line of arguments each. */
    public static Path callLog(Path standIn) {
        return standIn.resolveSibling("calls.log");
    }

    /**
     * A stand-in that reports its version and, asked to generate a manifest, exits 0 having printed nothing: what a
     * broken istioctl (or a wrapper that swallows its output) does.
     */
    public static Path silent(Path file, String version) throws IOException {
        String script = "#!/bin/sh\n"
                + "echo \"$*\" >> '" + callLog(file) + "'\n"
                + "if [ \"$1\" = version ]; then echo 'client version: " + version + "'; exit 0; fi\n"
                + "if [ \"$1\" = manifest ] && [ \"$2\" = generate ]; then exit 0; fi\n"
                + "echo \"stand-in istioctl: unexpected arguments: $*\" >&2\nexit 2\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
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
