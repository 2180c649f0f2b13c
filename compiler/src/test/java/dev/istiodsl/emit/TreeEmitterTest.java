package dev.istiodsl.emit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeEmitterTest {

    private static final String HEX = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path temp;

    private final TreeEmitter emitter = new TreeEmitter();

    private static Tree tree(String... pathsAndTexts) {
        Tree.Builder builder = Tree.builder();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            builder.add(pathsAndTexts[i], pathsAndTexts[i + 1], "test");
        }
        return builder.build();
    }

    private static final Tree FIRST = tree("prod/base/a.yaml", "a: 1\n", "prod/base/b.yaml", "b: 1\n",
            "prod/revisions/1-22-8/c.yaml", "c: 1\n");
    private static final Tree SECOND = tree("prod/base/a.yaml", "a: 1\n", "prod/base/b.yaml", "b: 2\n",
            "prod/revisions/1-24-6/d.yaml", "d: 1\n");

    @Test
    void aFreshEmitWritesTheTreeAndItsLockAndNothingElse() throws Exception {
        Path out = temp.resolve("deploy/out");
        EmitResult result = emitter.emit(FIRST, LockFileTest.inputs(), out);
        assertThat(result.added()).containsExactlyElementsOf(FIRST.paths());
        assertThat(result.changed()).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(snapshot(out)).containsOnlyKeys("istiodsl.lock", "prod/", "prod/base/", "prod/base/a.yaml",
                "prod/base/b.yaml", "prod/revisions/", "prod/revisions/1-22-8/", "prod/revisions/1-22-8/c.yaml");
        assertThat(Files.readString(out.resolve("prod/base/b.yaml"))).isEqualTo("b: 1\n");
        assertThat(Files.readString(out.resolve(LockFile.FILE_NAME)))
                .isEqualTo(LockFile.of(FIRST, LockFileTest.inputs()).text());
        assertThat(entries(out.getParent())).containsExactly("out");
        Path plain = Files.createDirectory(temp.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(Files.getPosixFilePermissions(out.resolve("prod/base/a.yaml")))
                .isEqualTo(Files.getPosixFilePermissions(Files.writeString(plain.resolve("a"), "")));
    }

    @Test
    void aSecondEmitCountsAddedChangedRemovedAndUnchangedFiles() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        EmitResult result = emitter.emit(SECOND, out);
        assertThat(result.added()).containsExactly("prod/revisions/1-24-6/d.yaml");
        assertThat(result.changed()).containsExactly("prod/base/b.yaml");
        assertThat(result.removed()).containsExactly("prod/revisions/1-22-8/c.yaml");
        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(result.kept()).isEmpty();
        assertThat(snapshot(out)).doesNotContainKey("prod/revisions/1-22-8/").containsKey("prod/revisions/1-24-6/");
        assertThat(emitter.emit(SECOND, out).changedAnything()).isFalse();
    }

    @Test
    void aFailureWhileStagingLeavesThePreviousTreeByteForByte() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.writeString(out.resolve("README.md"), "mine\n");
        SortedMap<String, String> before = snapshot(temp);
        // SECOND writes b.yaml (changed), d.yaml (new) and the lock file; a.yaml, unchanged, is linked.
        for (int failAt : new int[] {1, 2, 3}) {
            AtomicInteger writes = new AtomicInteger();
            TreeEmitter failing = new TreeEmitter((file, content) -> {
                if (writes.incrementAndGet() == failAt) {
                    throw new IOException("disk full (simulated)");
                }
                FileTrees.writeDurably(file, content);
            });
            assertThatThrownBy(() -> failing.emit(SECOND, out)).as("failing at write %d", failAt)
                    .isInstanceOf(IOException.class).hasMessage("disk full (simulated)");
            assertThat(snapshot(temp)).as("failing at write %d", failAt).isEqualTo(before);
        }
    }

    @Test
    void anEmitWithNothingChangedWritesNothingAndSwapsNothing() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, LockFileTest.inputs(), out);
        Object folder = fileKey(out);
        SortedMap<String, String> before = snapshot(temp);
        List<String> written = new ArrayList<>();
        EmitResult result = recording(written).emit(FIRST, LockFileTest.inputs(), out);
        assertThat(written).isEmpty();
        assertThat(result.changedAnything()).isFalse();
        assertThat(result.unchanged()).isEqualTo(3);
        assertThat(fileKey(out)).as("the same folder, not a swapped-in one").isEqualTo(folder);
        assertThat(snapshot(temp)).isEqualTo(before);
    }

    @Test
    void anEmitWithOtherInputsOnlyRewritesTheLockFile() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        List<String> written = new ArrayList<>();
        recording(written).emit(FIRST, LockFileTest.inputs(), out);
        assertThat(written).containsExactly(LockFile.FILE_NAME);
        assertThat(Files.readString(out.resolve(LockFile.FILE_NAME)))
                .isEqualTo(LockFile.of(FIRST, LockFileTest.inputs()).text());
    }

    @Test
    void anEmitWritesOnlyNewAndChangedFilesAndKeepsTheUnchangedOnesAsTheyAre() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Object unchanged = fileKey(out.resolve("prod/base/a.yaml"));
        List<String> written = new ArrayList<>();
        recording(written).emit(SECOND, out);
        assertThat(written).containsExactly("prod/base/b.yaml", "prod/revisions/1-24-6/d.yaml", LockFile.FILE_NAME);
        assertThat(fileKey(out.resolve("prod/base/a.yaml"))).isEqualTo(unchanged);
        assertThat(Files.readString(out.resolve("prod/base/a.yaml"))).isEqualTo("a: 1\n");
        assertThat(Files.readString(out.resolve("prod/base/b.yaml"))).isEqualTo("b: 2\n");
        assertThat(out.resolve("prod/revisions/1-22-8")).doesNotExist();
    }

    @Test
    void aFileEditedOnDiskIsWrittenAgainEvenWithItsSizeUnchanged() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.writeString(out.resolve("prod/base/a.yaml"), "a: 9\n");
        List<String> written = new ArrayList<>();
        EmitResult result = recording(written).emit(FIRST, out);
        assertThat(result.changed()).containsExactly("prod/base/a.yaml");
        assertThat(written).containsExactly("prod/base/a.yaml", LockFile.FILE_NAME);
        assertThat(Files.readString(out.resolve("prod/base/a.yaml"))).isEqualTo("a: 1\n");
    }

    private static final Tree PROD = tree("prod/base/a.yaml", "a: 1\n", "prod/base/b.yaml", "b: 1\n");
    private static final Tree TEST = tree("test/base/a.yaml", "a: 1\n", "test/revisions/1-22-8/c.yaml", "c: 1\n");

    @Test
    void aTreeHandedOverFolderByFolderIsEmittedAsTheWholeTreeIs() throws Exception {
        Path whole = temp.resolve("whole/out");
        emitter.emit(tree("prod/base/a.yaml", "a: 1\n", "prod/base/b.yaml", "b: 1\n", "test/base/a.yaml", "a: 1\n",
                "test/revisions/1-22-8/c.yaml", "c: 1\n"), LockFileTest.inputs(), whole);
        Path parts = temp.resolve("parts/out");
        EmitResult result;
        try (TreeEmitter.Staging staging = emitter.open(parts)) {
            staging.add(PROD);
            staging.add(TEST);
            result = staging.finish(LockFileTest.inputs());
        }
        assertThat(result.added()).containsExactly("prod/base/a.yaml", "prod/base/b.yaml", "test/base/a.yaml",
                "test/revisions/1-22-8/c.yaml");
        assertThat(snapshot(parts)).isEqualTo(snapshot(whole));
    }

    @Test
    void aNewOrChangedFileIsWrittenWhenItsFolderIsHandedOverAndAnUnchangedOneIsLinkedAtTheEnd() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        List<String> written = new ArrayList<>();
        try (TreeEmitter.Staging staging = recording(written).open(out)) {
            staging.add(SECOND);
            // The bytes are on their way to the disk: the emit need not hold them until it finishes.
            assertThat(written).containsExactly("prod/base/b.yaml", "prod/revisions/1-24-6/d.yaml");
            Object unchanged = fileKey(out.resolve("prod/base/a.yaml"));
            staging.finish(LockFile.Inputs.none());
            assertThat(fileKey(out.resolve("prod/base/a.yaml"))).isEqualTo(unchanged);
        }
        assertThat(written).containsExactly("prod/base/b.yaml", "prod/revisions/1-24-6/d.yaml", LockFile.FILE_NAME);
    }

    @Test
    void foldersHandedOverUnchangedMakeNoStagingFolder() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Object before = fileKey(out);
        try (TreeEmitter.Staging staging = emitter.open(out)) {
            staging.add(FIRST);
            assertThat(entries(temp)).containsExactly("out");
            assertThat(staging.finish(LockFile.Inputs.none()).changedAnything()).isFalse();
        }
        assertThat(entries(temp)).containsExactly("out");
        assertThat(fileKey(out)).isEqualTo(before);
    }

    @Test
    void anEmitClosedBeforeItFinishesLeavesThePreviousTreeAndNoStagingFolder() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        SortedMap<String, String> before = snapshot(temp);
        try (TreeEmitter.Staging staging = emitter.open(out)) {
            staging.add(SECOND);
            assertThat(entries(temp)).hasSize(2).anyMatch(name -> name.contains(".istiodsl-staging-"));
        }
        assertThat(snapshot(temp)).isEqualTo(before);
    }

    @Test
    void aFileHandedOverTwiceIsRefused() throws Exception {
        Path out = temp.resolve("out");
        try (TreeEmitter.Staging staging = emitter.open(out)) {
            staging.add(PROD);
            assertThatThrownBy(() -> staging.add(tree("prod/base/a.yaml", "a: 2\n")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("prod/base/a.yaml");
        }
        assertThat(Files.exists(out)).isFalse();
        assertThat(entries(temp)).isEmpty();
    }

    /** An emitter that writes durably and records each file it writes, relative to the staging folder. */
    private TreeEmitter recording(List<String> written) {
        return new TreeEmitter((file, content) -> {
            Path staging = file;
            while (!staging.getFileName().toString().contains(".istiodsl-staging-")) {
                staging = staging.getParent();
            }
            written.add(FileTrees.relative(staging, file));
            FileTrees.writeDurably(file, content);
        });
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    @Test
    void filesIstiodslDoesNotOwnSurviveUnchanged() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.writeString(out.resolve("README.md"), "how this tree is made\n");
        Files.writeString(out.resolve("prod/revisions/1-22-8/notes.txt"), "canary notes\n");
        Path script = Files.writeString(out.resolve("prod/check.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(out.resolve("empty/folder"));
        Files.createSymbolicLink(out.resolve("prod/link"), Path.of("base/a.yaml"));
        SortedMap<String, String> users = new TreeMap<>(snapshot(out));
        users.keySet().removeIf(path -> !path.matches("README.md|.*notes.txt|prod/check.sh|empty/folder/|prod/link"));
        EmitResult result = emitter.emit(SECOND, out);
        assertThat(result.kept()).containsExactly("README.md", "empty/folder/", "prod/check.sh", "prod/link",
                "prod/revisions/1-22-8/notes.txt");
        assertThat(result.removed()).containsExactly("prod/revisions/1-22-8/c.yaml");
        assertThat(snapshot(out)).containsAllEntriesOf(users).doesNotContainKey("prod/revisions/1-22-8/c.yaml");
        assertThat(Files.getPosixFilePermissions(out.resolve("prod/check.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    }

    @Test
    void aFolderWithFilesIstiodslDidNotWriteIsRefusedUntouched() throws Exception {
        Path out = Files.createDirectories(temp.resolve("src"));
        Files.writeString(out.resolve("Main.java"), "class Main {}\n");
        SortedMap<String, String> before = snapshot(temp);
        assertThatThrownBy(() -> emitter.emit(FIRST, out)).isInstanceOf(EmitException.class)
                .hasMessageContaining(out.toString()).hasMessageContaining("Main.java")
                .hasMessageContaining("did not write").hasMessageContaining("empty or istiodsl-managed folder");
        assertThat(snapshot(temp)).isEqualTo(before);
    }

    @Test
    void aUsersFileWhereTheCompilerNowWritesIsRefusedUntouched() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.writeString(out.resolve("prod/revisions/1-24-6"), "a file where a folder goes\n");
        SortedMap<String, String> before = snapshot(temp);
        assertThatThrownBy(() -> emitter.emit(SECOND, out)).isInstanceOf(EmitException.class)
                .hasMessageContaining("prod/revisions/1-24-6").hasMessageContaining("was not written by istiodsl");
        assertThat(snapshot(temp)).isEqualTo(before);
    }

    @Test
    void anEmptyFolderIsAcceptedAndAFileIsNot() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThat(emitter.emit(FIRST, empty).added()).hasSize(3);
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertThatThrownBy(() -> emitter.emit(FIRST, file)).isInstanceOf(EmitException.class)
                .hasMessageContaining("is a file");
    }

    @Test
    void theSameTreeGivesTheSameBytesInAnyFolder() throws Exception {
        Path one = temp.resolve("one/out");
        Path two = temp.resolve("two/deeper/elsewhere");
        emitter.emit(FIRST, LockFileTest.inputs(), one);
        new TreeEmitter().emit(FIRST, LockFileTest.inputs(), two);
        assertThat(snapshot(one)).isEqualTo(snapshot(two)).containsKey("istiodsl.lock");
    }

    @Test
    void aStagingFolderLeftByACrashIsDeleted() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.createDirectories(temp.resolve(".out.istiodsl-staging-" + HEX + "/prod"));
        Files.createDirectories(temp.resolve(".other.istiodsl-staging-" + HEX));
        emitter.emit(SECOND, out);
        assertThat(entries(temp)).containsExactly(".other.istiodsl-staging-" + HEX, "out");
    }

    @Test
    void aTreeMovedAsideByACrashIsRestoredBeforeTheNextEmit() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.writeString(out.resolve("README.md"), "mine\n");
        Files.move(out, temp.resolve(".out.istiodsl-old-" + HEX));
        EmitResult result = emitter.emit(SECOND, out);
        assertThat(result.changed()).containsExactly("prod/base/b.yaml");
        assertThat(result.kept()).containsExactly("README.md");
        assertThat(entries(temp)).containsExactly("out");
    }

    @Test
    void anOldTreeLeftBesideTheNewOneIsDeleted() throws Exception {
        Path out = temp.resolve("out");
        emitter.emit(FIRST, out);
        Files.createDirectories(temp.resolve(".out.istiodsl-old-" + HEX + "/prod"));
        emitter.emit(FIRST, out);
        assertThat(entries(temp)).containsExactly("out");
    }

    /** Every file (by SHA-256), folder (trailing {@code /}) and link (by target) under a folder. */
    static SortedMap<String, String> snapshot(Path root) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(path -> !path.equals(root)).toList()) {
                String name = FileTrees.relative(root, path);
                if (Files.isSymbolicLink(path)) {
                    entries.put(name, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name + "/", "folder " + Files.getPosixFilePermissions(path));
                } else {
                    entries.put(name, LockFile.sha256(Files.readAllBytes(path)) + " "
                            + Files.getPosixFilePermissions(path));
                }
            }
        }
        return entries;
    }

    private static java.util.List<String> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
