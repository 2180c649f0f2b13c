package dev.istiodsl.emit;

import dev.istiodsl.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockFileTest {

    @TempDir
    Path temp;

    static Tree tree() {
        return Tree.builder()
                .add("prod/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml", "kind: Deployment\n", "a")
                .add("prod/base/service/istio-system_istiod.yaml", "kind: Service\n", "b")
                .add("test/crds/x.yaml", "kind: CustomResourceDefinition\n", "c")
                .build();
    }

    static LockFile.Inputs inputs() {
        return LockFile.Inputs.none()
                .with("prod", "istio/1-22-8", "1.22.8")
                .with("prod", "istioctl/1.22.8", LockFile.sha256(new byte[] {1}))
                .with("prod", "dsl", LockFile.sha256(new byte[] {2}))
                .with("staging", "dsl", LockFile.sha256(new byte[] {2}));
    }

    @Test
    void theLockRecordsInputsAndADigestPerFileGroupedByEnvironment() throws IOException {
        LockFile lock = LockFile.of(tree(), inputs());
        Golden.check(Golden.sourceResources().resolve("emit/lock/istiodsl.lock"), lock.text());
        assertThat(lock.ownedFiles()).containsExactly(
                "prod/base/service/istio-system_istiod.yaml",
                "prod/revisions/1-22-8/deployment.apps/istio-system_istiod-1-22-8.yaml",
                "test/crds/x.yaml");
        assertThat(lock.environments().get("staging").files()).isEmpty();
    }

    @Test
    void readingTheTextBackGivesTheSameModel() throws Exception {
        LockFile lock = LockFile.of(tree(), inputs());
        Path file = Files.writeString(temp.resolve(LockFile.FILE_NAME), lock.text());
        assertThat(LockFile.read(file)).isEqualTo(lock);
        assertThat(LockFile.read(file).text()).isEqualTo(lock.text());
    }

    @Test
    void anInputGivenTwiceIsABug() {
        assertThatThrownBy(() -> inputs().with("prod", "dsl", "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLockLeftInAMergeConflictIsRefusedWithWhatToDo() throws IOException {
        Path file = Files.writeString(temp.resolve(LockFile.FILE_NAME), "<<<<<<< HEAD\n"
                + LockFile.of(tree(), inputs()).text() + "=======\n>>>>>>> other\n");
        assertThatThrownBy(() -> LockFile.read(file)).isInstanceOf(EmitException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("git checkout");
    }

    @Test
    void anEditedDigestIsRefused() throws IOException {
        String text = LockFile.of(tree(), inputs()).text().replaceFirst("sha256:[0-9a-f]{4}", "sha256:zz");
        Path file = Files.writeString(temp.resolve(LockFile.FILE_NAME), text);
        assertThatThrownBy(() -> LockFile.read(file)).isInstanceOf(EmitException.class)
                .hasMessageContaining("is not sha256:<hex>");
    }

    @Test
    void aFileOutsideEveryEnvironmentFolderIsABug() {
        Tree tree = Tree.builder().add("README.md", "x", "x").build();
        assertThatThrownBy(() -> LockFile.of(tree, LockFile.Inputs.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
