package dev.istiodsl.expand.istioctl;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts istioctl in a sealed-off environment: only PATH and a fresh, empty HOME. The user's KUBECONFIG,
 * {@code ~/.kube/config}, {@code ~/.istioctl/config.yaml} and {@code ISTIO*} variables all change what istioctl does
 * (or make it contact a cluster); without them the same inputs give the same output on every machine.
 */
final class IstioctlProcess {

    private final IstioctlSettings settings;

    IstioctlProcess(IstioctlSettings settings) {
        this.settings = settings;
    }

    /** Runs {@code binary arguments...} in {@code workingDirectory}; a failure to start is the IOException. */
    ChildProcess.Outcome run(Path binary, List<String> arguments, Path workingDirectory) throws IOException {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(binary.toString());
        command.addAll(arguments);
        Path homes = settings.istioctlCache().resolve("home");
        Files.createDirectories(homes);
        // One HOME per run, so concurrent runs cannot see each other's leftovers.
        Path home = Files.createTempDirectory(homes, "run-");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.put("PATH", settings.pathVariable());
            environment.put("HOME", home.toString());
            return ChildProcess.run(builder, settings.timeout());
        } finally {
            deleteTree(home);
        }
    }

    static String describe(java.time.Duration duration) {
        return dev.istiodsl.expand.download.HttpFetch.describe(duration);
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A HOME left behind costs a few bytes in the cache and cannot change a later run, which gets its own;
            // failing the run over it would hide istioctl's actual result.
        }
    }
}
