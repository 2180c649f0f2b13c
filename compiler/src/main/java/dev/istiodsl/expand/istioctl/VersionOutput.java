package dev.istiodsl.expand.istioctl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the client version out of what {@code istioctl version --remote=false [--short]} prints, which changed over
 * the years: {@code 1.6.8} (old {@code --short}), {@code client version: 1.22.8} (newer, with or without
 * {@code --short}) and {@code client version: version.BuildInfo{Version:"1.6.8", ...}} (old long form). The text is
 * returned as printed, not parsed, so a development build's {@code 1.22-dev} can be reported as what it is.
 */
final class VersionOutput {

    private static final Pattern BUILD_INFO = Pattern.compile("Version:\"([^\"]+)\"");
    private static final Pattern CLIENT_LINE = Pattern.compile("(?i)client version:\\s*(\\S+)");
    private static final Pattern BARE = Pattern.compile("\\d+\\.\\d+[0-9A-Za-z.+-]*");

    private VersionOutput() {
    }

    static Optional<String> clientVersion(String output) {
        Matcher buildInfo = BUILD_INFO.matcher(output);
        if (buildInfo.find()) {
            return Optional.of(buildInfo.group(1));
        }
        for (String line : output.split("\\R")) {
            Matcher client = CLIENT_LINE.matcher(line.strip());
            if (client.matches()) {
                return Optional.of(client.group(1));
            }
        }
        for (String line : output.split("\\R")) {
            if (BARE.matcher(line.strip()).matches()) {
                return Optional.of(line.strip());
            }
        }
        return Optional.empty();
    }
}
