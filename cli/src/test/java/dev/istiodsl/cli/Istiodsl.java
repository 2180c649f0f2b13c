package dev.istiodsl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real command: the packaged jar (or the bin/istiodsl launcher) run as a child process, as a user runs it. */
final class Istiodsl {

    /** What a run printed and how it ended. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Path jar() {
        return Path.of(System.getProperty("istiodsl.jar", "target/istiodsl-cli-0.1.0-SNAPSHOT-all.jar"))
                .toAbsolutePath().normalize();
    }

    static Path repository() {
        return Path.of(System.getProperty("istiodsl.repository", "..")).toAbsolutePath().normalize();
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code java -jar istiodsl.jar ARGS} in {@code directory}. */
    static Run run(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return exec(directory, command, Map.of());
    }

    /** {@code command} in {@code directory}, with {@code environment} set over this one's (a null value unsets). */
    static Run exec(Path directory, List<String> command, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("istiodsl-out", ".txt");
            Path err = Files.createTempFile("istiodsl-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            environment.forEach((k, v) -> {
                if (v == null) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("istiodsl did not finish in 120 s: " + command);
            }
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A copy of a project under src/test/resources/projects in {@code into}. */
    static Path project(String name, Path into) {
        Path from = Path.of("src/test/resources/projects", name).toAbsolutePath();
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = into.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }

    private Istiodsl() {
    }
}
