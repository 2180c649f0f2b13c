package dev.istiodsl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class of the test classpath run in a JVM of its own, with an environment and JVM flags of the test's
 * choosing (a locale, no {@code file.encoding}): what a user's machine runs, not what surefire's JVM was given.
 */
public final class ChildJvm {

    private final List<String> jvmFlags = new ArrayList<>();
    private final Map<String, String> environment;
    private String umask;

    private ChildJvm(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * A JVM started with only PATH and HOME from this one's environment, plus {@code environment}: no LANG or LC_* but
     * those given.
     */
    public static ChildJvm withEnvironment(Map<String, String> environment) {
        return new ChildJvm(environment);
    }

    public ChildJvm flag(String flag) {
        jvmFlags.add(flag);
        return this;
    }

    /** Starts the JVM with this umask ({@code 027}), set by {@code /bin/sh} just before it runs java. */
    public ChildJvm umask(String mask) {
        this.umask = mask;
        return this;
    }

    /** What the process printed, and how it ended. */
    public record Exit(int code, String output) {
    }

    /** Starts {@code main} with {@code args}; its output (stdout and stderr together) goes to {@code log}. */
    public Process start(Class<?> main, Path log, String... args) {
        List<String> command = new ArrayList<>();
        if (umask != null) {
            command.addAll(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        env.putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code main} to its end, at most {@code timeout}. */
    public Exit run(Class<?> main, Path log, Duration timeout, String... args) {
        Process process = start(main, log, args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(main.getSimpleName() + " did not end within " + timeout + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Exit(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
