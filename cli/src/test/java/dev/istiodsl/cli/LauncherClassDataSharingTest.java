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
        Istiodsl.Run mapping = launch(Map.of("JAVA_OPTS", classLoadLog()), "validate");

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
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), "validate", "--expand=false");
        Istiodsl.Run archiving = launch(Map.of(), "validate", "--expand=false");
        assertThat(archives()).hasSize(1);
        Istiodsl.Run mapping = launch(Map.of("JAVA_OPTS", classLoadLog()), "validate", "--expand=false");

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
    void anArchiveOfGarbage_isSkippedByTheJvm_andTheRunPrintsTheSameBytes() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), "validate", "--expand=false");
        launch(Map.of(), "validate", "--expand=false");
        Path archive = archives().get(0);
        long size = Files.size(archive);
        Files.delete(archive);
        byte[] garbage = new byte[(int) size];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(archive, garbage);

        Istiodsl.Run run = launch(Map.of("JAVA_OPTS", classLoadLog()), "validate", "--expand=false");

        assertThat(run).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).doesNotContain(FROM_THE_ARCHIVE);
    }

    @Test
    void aTruncatedArchive_isNeverMapped_andIsReplacedByAWholeOne() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), "validate", "--expand=false");
        launch(Map.of(), "validate", "--expand=false");
        Path archive = archives().get(0);
        byte[] whole = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        Istiodsl.Run run = launch(Map.of(), "validate", "--expand=false");
        assertThat(run).isEqualTo(withoutSharing);
        assertThat(archives()).singleElement().satisfies(replaced -> assertThat(Files.size(replaced))
                .isEqualTo(Long.parseLong(size(replaced))));
        assertThat(launch(Map.of("JAVA_OPTS", classLoadLog()), "validate", "--expand=false"))
                .isEqualTo(withoutSharing);
        assertThat(classesLoaded()).contains(FROM_THE_ARCHIVE);
    }

    @Test
    void aChangedJar_getsAnArchiveThatReplacesTheOldOne_andTheOldOneUnderItsNameIsSkippedByTheJvm() throws IOException {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), "validate", "--expand=false");
        launch(Map.of(), "validate", "--expand=false");
        Path old = archives().get(0);
        byte[] oldArchive = Files.readAllBytes(old);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 86_400_000L));
        assertThat(launch(Map.of(), "validate", "--expand=false")).isEqualTo(withoutSharing);
        Path current = archives().get(0);
        assertThat(archives()).containsExactly(current).doesNotContain(old);

        // The old jar's archive under the new jar's name: the script takes it as whole, the JVM finds it stale.
        Files.delete(current);
        String name = current.getFileName().toString();
        Files.write(archives.resolve(name.substring(0, name.lastIndexOf('-')) + "-" + oldArchive.length + ".jsa"),
                oldArchive);
        Istiodsl.Run run = launch(Map.of("JAVA_OPTS", classLoadLog()), "validate", "--expand=false");

        assertThat(run).isEqualTo(withoutSharing);
        assertThat(classesLoaded()).doesNotContain(FROM_THE_ARCHIVE);
    }

    @Test
    void firstRunsStartedTogether_eachPrintTheSameBytes_andLeaveOneWholeArchiveAndNoTemporaryFiles() {
        Istiodsl.Run withoutSharing = launch(Map.of("ISTIODSL_CDS", "off"), "validate", "--expand=false");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<CompletableFuture<Istiodsl.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> launch(Map.of(), "validate", "--expand=false"), threads));
        }

        for (CompletableFuture<Istiodsl.Run> run : runs) {
            assertThat(run.join()).isEqualTo(withoutSharing);
        }
        threads.shutdown();
        assertThat(archives()).singleElement().satisfies(archive -> assertThat(Files.size(archive))
                .isEqualTo(Long.parseLong(size(archive))));
        try (Stream<Path> files = Files.list(archives)) {
            assertThat(files).hasSize(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(launch(Map.of("JAVA_OPTS", classLoadLog()), "validate", "--expand=false"))
                .isEqualTo(withoutSharing);
        assertThat(classesLoaded()).contains(FROM_THE_ARCHIVE);
    }

    private Istiodsl.Run launch(Map<String, String> settings, String... args) {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("ISTIODSL_JAR", jar.toString());
        environment.put("ISTIODSL_CDS_DIRECTORY", archives.toString());
        environment.put("ISTIODSL_CDS", null);
        environment.put("JAVA_OPTS", null);
        environment.putAll(settings);
        List<String> command = new ArrayList<>(List.of(Istiodsl.repository().resolve("bin/istiodsl").toString()));
        command.addAll(List.of(args));
        return Istiodsl.exec(project, command, environment);
    }

    /** JVM options that log where each class came from into a file, leaving the run's output alone. */
    private String classLoadLog() {
        return "-Xlog:class+load=info:file=" + dir.resolve("classes.log");
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

    /** The size an archive's name records: istiodsl-KEY-SIZE.jsa. */
    private static String size(Path archive) {
        String name = archive.getFileName().toString();
        return name.substring(name.lastIndexOf('-') + 1, name.length() - ".jsa".length());
    }
}
