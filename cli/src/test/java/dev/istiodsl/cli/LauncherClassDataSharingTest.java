package dev.istiodsl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/istiodsl archives the classes of its first run (AppCDS) and maps them in later runs: every run prints the same
 * bytes and ends with the same exit code as a run without sharing, and an archive that does not fit is skipped.
 */
class LauncherClassDataSharingTest {

    private static final String FROM_THE_ARCHIVE = "dev.istiodsl.cli.Main source: shared objects file";
    /** A run that loads the compiler's classes without expanding anything. */
    private static final String[] VALIDATE = {"validate", "--expand=false"};

    @TempDir
    Path dir;

    private Path project;
    private Path archives;
    private Path jar;

    @BeforeEach
    void setUp() throws IOException {
        project = Istiodsl.project("manifest", Files.createDirectories(dir.resolve("project")));
        archives = dir.resolve("cds");
        jar = Files.copy(Istiodsl.jar(), Files.createDirectories(dir.resolve("lib")).resolve("istiodsl.jar"));
    }

    @Test
    void theFirstRunArchivesItsClasses_andALaterRunMapsThem_printingTheSameBytesAsARunWithoutSharing() {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), "validate");
        assertThat(archives()).isEmpty();

        Istiodsl.Run archiving = launch(Map.of(), "validate");
        assertThat(archives()).hasSize(1);
        Istiodsl.Run mapping = launch(Map.of("JAVA_OPTS", classesLog()), "validate");

        assertThat(withoutSharing.exitCode()).as(withoutSharing.toString()).isZero();
        assertThat(archiving).isEqualTo(withoutSharing);
        assertThat(mapping).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).contains(FROM_THE_ARCHIVE);
    }

    @Test
    void aRunWithErrors_exitsOneAndPrintsTheSameBytesWithAndWithoutTheArchive() throws IOException {
        Files.writeString(project.resolve("mesh.istiodsl"), """
                mesh demo {
                  tag stable -> r2
                }
                """);
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), VALIDATE);
        Istiodsl.Run archiving = launch(Map.of(), VALIDATE);
        assertThat(archives()).hasSize(1);
        Istiodsl.Run mapping = launchLoggingClasses();

        assertThat(withoutSharing.exitCode()).as(withoutSharing.toString()).isEqualTo(1);
        assertThat(archiving).isEqualTo(withoutSharing);
        assertThat(mapping).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).contains(FROM_THE_ARCHIVE);
    }

    @Test
    void aUsageError_archivesNothing() {
        Istiodsl.Run run = launch(Map.of(), "validate", "--meshh=x");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(archives()).isEmpty();
    }

    @Test
    void commandsThatLoadFewClasses_archiveNothing() {
        Istiodsl.Run run = launch(Map.of(), "--version");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().strip()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(archives()).isEmpty();
    }

    @Test
    void aJavaThatMapsNoArchiveOfItsOwn_runsAsWithoutSharing_andArchivesNothing() {
        // The java launcher reads JDK_JAVA_OPTIONS itself (and says so on standard error), after the script's options.
        Map<String, String> noSharing = Map.of("JDK_JAVA_OPTIONS", "-Xshare:off");
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off", "JDK_JAVA_OPTIONS", "-Xshare:off"),
                VALIDATE);

        Istiodsl.Run run = launch(noSharing, VALIDATE);

        assertThat(withoutSharing.exitCode()).as(withoutSharing.toString()).isZero();
        assertThat(run).isEqualTo(withoutSharing);
        assertThat(archives()).isEmpty();
    }

    @Test
    void anArchiveOfGarbage_isSkippedByTheJvm_andTheRunPrintsTheSameBytes() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), VALIDATE);
        Path archive = archiveOfAFirstRun();
        byte[] garbage = new byte[(int) Files.size(archive)];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        replace(archive, garbage);

        assertThat(launchLoggingClasses()).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).doesNotContain(FROM_THE_ARCHIVE);
    }

    @Test
    void aTruncatedArchive_isNeverMapped_andIsReplacedByAWholeOne() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), VALIDATE);
        Path archive = archiveOfAFirstRun();
        byte[] whole = Files.readAllBytes(archive);
        replace(archive, Arrays.copyOf(whole, whole.length / 2));

        assertThat(launch(Map.of(), VALIDATE)).isEqualTo(withoutSharing);
        assertThat(archives()).singleElement().satisfies(LauncherClassDataSharingTest::assertWhole);
        assertThat(launchLoggingClasses()).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).contains(FROM_THE_ARCHIVE);
    }

    @Test
    void aChangedJar_getsAnArchiveThatReplacesTheOldOne_andTheOldOneUnderItsNameIsSkippedByTheJvm() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), VALIDATE);
        Path old = archiveOfAFirstRun();
        byte[] oldArchive = Files.readAllBytes(old);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 86_400_000L));
        assertThat(launch(Map.of(), VALIDATE)).isEqualTo(withoutSharing);
        Path current = archives().get(0);
        assertThat(archives()).containsExactly(current).doesNotContain(old);

        // The old jar's archive under the new jar's name: the script takes it as whole, the JVM finds it stale.
        String name = current.getFileName().toString();
        Files.delete(current);
        Files.write(archives.resolve(name.substring(0, name.lastIndexOf('-')) + "-" + oldArchive.length + ".jsa"),
                oldArchive);

        assertThat(launchLoggingClasses()).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).doesNotContain(FROM_THE_ARCHIVE);
    }

    @Test
    void firstRunsStartedTogether_printTheSameBytes_andLeaveOneWholeArchiveAndNoTemporaryFiles() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), VALIDATE);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<CompletableFuture<Istiodsl.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> launch(Map.of(), VALIDATE), threads));
        }

        for (CompletableFuture<Istiodsl.Run> run : runs) {
            assertThat(run.join()).isEqualTo(withoutSharing);
        }
        threads.shutdown();
        assertThat(archives()).singleElement().satisfies(LauncherClassDataSharingTest::assertWhole);
        try (Stream<Path> files = Files.list(archives)) {
            assertThat(files).hasSize(1);
        }
        assertThat(launchLoggingClasses()).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).contains(FROM_THE_ARCHIVE);
    }

    /** The one archive a first {@code validate} wrote. */
    private Path archiveOfAFirstRun() {
        launch(Map.of(), VALIDATE);
        assertThat(archives()).hasSize(1);
        return archives().get(0);
    }

    /** An archive's bytes replaced (the JVM writes it read-only). */
    private static void replace(Path archive, byte[] bytes) throws IOException {
        Files.delete(archive);
        Files.write(archive, bytes);
    }

    /** A {@code validate} that logs where each class came from into a file, leaving the run's output alone. */
    private Istiodsl.Run launchLoggingClasses() {
        return launch(Map.of("JAVA_OPTS", classesLog()), VALIDATE);
    }

    private String classesLog() {
        return "-Xlog:class+load=info:file=" + dir.resolve("classes.log");
    }

    private Istiodsl.Run launch(Map<String, String> settings, String... args) {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("ISTIODSL_JAR", jar.toString());
        environment.put("ISTIODSL_CDS_DIRECTORY", archives.toString());
        environment.put("ISTIODSL_CDS", null);
        environment.put("JAVA_OPTS", null);
        environment.put("JDK_JAVA_OPTIONS", null);
        environment.putAll(settings);
        List<String> command = new ArrayList<>(List.of(Istiodsl.repository().resolve("bin/istiodsl").toString()));
        command.addAll(List.of(args));
        return Istiodsl.exec(project, command, environment);
    }

    private String classesLoaded() {
        try {
            return Files.readString(dir.resolve("classes.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> archives() {
        if (!Files.isDirectory(archives)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archives)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that an archive has the size its name records: istiodsl-KEY-SIZE.jsa. */
    private static void assertWhole(Path archive) {
        String name = archive.getFileName().toString();
        try {
            assertThat(Files.size(archive)).as(name)
                    .isEqualTo(Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - 4)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
