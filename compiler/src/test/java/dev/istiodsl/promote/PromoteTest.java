package dev.istiodsl.promote;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.compiler.ValidateOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.testing.StandInIstioctl;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promote} end to end, in a real git repository: the compiled tree is committed on a known date, then prod is
 * promoted from preprod before and after preprod's soak. Revisions expand through stand-ins replaying the real 1.22.8
 * and 1.24.6 renders. The rewritten mesh file is a golden file.
 */
class PromoteTest {

    private static final String MESH = """
            # The shop mesh: preprod tries 1-24-6 on the canary tag, prod waits a week.
            mesh shop {
              revision 1-22-8 { istio 1.22.8 }
              revision 1-24-6 { istio 1.24.6 }   # the upgrade
              tag stable -> 1-22-8

              environment preprod {
                revisions 1-22-8, 1-24-6
                tag canary -> 1-24-6
                namespaces {
                  payments -> stable
                  search -> canary     # the first on 1.24
                  labs -> canary
                }
              }

              # Production: nothing gets here without a week in preprod.
              environment prod after preprod soak 7d {
                revisions 1-22-8       # 1-24-6 after its soak
                namespaces {
                  payments -> stable   # money: last to move
                  search -> stable
                }
              }
            }
            """;

    private static final Instant COMMITTED = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path temp;

    private Path project;

    @BeforeEach
    void theTreeOfPreprodOnTheCanaryIsCommitted() throws Exception {
        project = Files.createDirectories(temp.resolve("repo"));
        Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call();
        Files.writeString(project.resolve("mesh.istiodsl"), MESH);
        CompileResult compiled = new Compiler().compile(request(COMMITTED));
        assertThat(compiled.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Platform Team", "platform@example.com", COMMITTED, ZoneOffset.UTC);
        git.commit().setMessage("preprod runs 1-24-6").setAuthor(who).setCommitter(who).setSign(false).call();
        git.close();
    }

    @Test
    void promotingBeforeTheSoakIsOverIsRefusedAndChangesNothing() throws Exception {
        SortedMap<String, String> before = files();

        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED.plus(Duration.ofDays(3))),
                new Promoter.Request("preprod", "prod", Optional.empty()));

        assertThat(outcome.written()).isFalse();
        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::id)
                .containsExactly("Promote.Refused", "Promotion.SoakNotMet", "Promotion.SoakNotMet");
        assertThat(outcome.result().diagnostics()).filteredOn(d -> d.id().equals("Promotion.SoakNotMet"))
                .extracting(Diagnostic::message).containsExactly("environment 'prod': revision '1-24-6' would reach"
                        + " prod on 2026-11-05 10:00 UTC, but preprod has run it only since 2026-11-02 10:00 UTC (commit "
                        + head().substring(0, 12) + "): 3d of the 7d soak", "environment 'prod': tag 'canary' on"
                        + " '1-24-6' would reach prod on 2026-11-05 10:00 UTC, but preprod has had tag 'canary' on"
                        + " '1-24-6' only since 2026-11-02 10:00 UTC (commit " + head().substring(0, 12)
                        + "): 3d of the 7d soak");
        assertThat(files()).as("mesh file and tree, byte for byte").isEqualTo(before);
    }

    @Test
    void promotingAfterTheSoakRewritesTheMeshKeepingItsCommentsAndCompilesIt() throws Exception {
        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED.plus(Duration.ofDays(8))),
                new Promoter.Request("preprod", "prod", Optional.empty()));

        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(outcome.written()).isTrue();
        assertThat(outcome.plan().orElseThrow().changes()).containsExactly("revisions 1-22-8 -> 1-22-8, 1-24-6",
                "tag canary: (none) -> 1-24-6", "namespace search: stable -> canary");
        assertThat(outcome.plan().orElseThrow().leftAlone()).containsExactly("namespace labs (only in preprod)");
        Golden.check(Golden.sourceResources().resolve("promote/whole/expected.istiodsl"),
                Files.readString(project.resolve("mesh.istiodsl")));
        assertThat(project.resolve("deploy/istio/prod/revisions/1-24-6")).isDirectory();
        assertThat(project.resolve("deploy/istio/prod/tags/canary")).isDirectory();
    }

    @Test
    void anEmergencyOverrideLetsThePromotionThroughAndTheDiffReportShowsItWithItsReason() throws Exception {
        Files.writeString(project.resolve("mesh.istiodsl"), MESH.replace("    revisions 1-22-8       # 1-24-6 after",
                "    suppress Promotion.SoakNotMet \"CVE-2026-0001: the fix must reach prod today\"\n"
                        + "    revisions 1-22-8       # 1-24-6 after"));

        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED.plus(Duration.ofDays(1))),
                new Promoter.Request("preprod", "prod", Optional.empty()));

        assertThat(outcome.written()).isTrue();
        assertThat(outcome.result().diagnostics()).filteredOn(d -> d.id().equals(SoakGate.ID))
                .extracting(Diagnostic::severity).containsOnly(dev.istiodsl.diag.Severity.SUPPRESSED).hasSize(2);
        Compiler.DiffOutcome diff = new Compiler().diff(request(COMMITTED.plus(Duration.ofDays(1))), "HEAD");
        String report = dev.istiodsl.diff.DiffReport.markdown(diff.diff().orElseThrow(),
                diff.result().mesh().orElseThrow(), diff.result().diagnostics());
        assertThat(report).contains("**Soak gates overridden** (2):")
                .contains("revision '1-24-6' would reach prod on 2026-11-03 10:00 UTC")
                .contains("**reason:** CVE-2026-0001: the fix must reach prod today");
    }

    @Test
    void theRewrittenMeshFileKeepsItsPermissionsAndALinkToItStaysALink() throws Exception {
        Path real = project.resolve("meshes/shop.istiodsl");
        Files.createDirectories(real.getParent());
        Files.move(project.resolve("mesh.istiodsl"), real);
        Files.createSymbolicLink(project.resolve("mesh.istiodsl"), Path.of("meshes/shop.istiodsl"));
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED.plus(Duration.ofDays(8))),
                new Promoter.Request("preprod", "prod", Optional.of("canary")));

        assertThat(outcome.written()).isTrue();
        assertThat(project.resolve("mesh.istiodsl")).isSymbolicLink();
        assertThat(Files.readString(real)).contains("tag canary -> 1-24-6");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
                .isEqualTo("rw-r-----");
        try (Stream<Path> left = Files.list(real.getParent())) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("shop.istiodsl");
        }
    }

    @Test
    void promotingOneTagMovesItAndBringsItsRevision() throws Exception {
        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED.plus(Duration.ofDays(8))),
                new Promoter.Request("preprod", "prod", Optional.of("canary")));

        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(outcome.plan().orElseThrow().changes()).containsExactly("revisions 1-22-8 -> 1-22-8, 1-24-6",
                "tag canary: (none) -> 1-24-6");
        assertThat(Files.readString(project.resolve("mesh.istiodsl"))).isEqualTo(MESH
                .replace("    revisions 1-22-8       # 1-24-6 after its soak\n",
                        "    revisions 1-22-8, 1-24-6  # 1-24-6 after its soak\n    tag canary -> 1-24-6\n"));
    }

    @Test
    void promotingOutOfTheChainIsRefused() throws Exception {
        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED),
                new Promoter.Request("prod", "preprod", Optional.empty()));

        assertThat(outcome.result().diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("ERROR Promote.NotNextInChain mesh.istiodsl:7:15: environment 'preprod' is promoted"
                        + " after no environment (hint: add `after prod soak DURATION` to environment preprod, so a"
                        + " soak gate guards it)");
    }

    @Test
    void anUnknownEnvironmentOrTagIsNamedWithWhatExists() throws Exception {
        CompileResult unknownEnv = new Compiler().promote(request(COMMITTED),
                new Promoter.Request("preprd", "prod", Optional.empty())).result();
        CompileResult unknownTag = new Compiler().promote(request(COMMITTED),
                new Promoter.Request("preprod", "prod", Optional.of("canry"))).result();

        assertThat(unknownEnv.diagnostics()).extracting(Diagnostic::toString).containsExactly("ERROR"
                + " Promote.UnknownEnvironment mesh.istiodsl:2:6: the mesh has no environment 'preprd'"
                + " (istiodsl.from) (hint: did you mean 'preprod'?)");
        assertThat(unknownTag.diagnostics()).extracting(Diagnostic::toString).containsExactly("ERROR"
                + " Promote.UnknownTag mesh.istiodsl:7:15: environment 'preprod' has no tag 'canry' (hint: did you"
                + " mean 'canary'?)");
    }

    @Test
    void promotingWhatIsAlreadyThereSaysSoAndWritesNothing() throws Exception {
        SortedMap<String, String> before = files();
        Compiler.PromoteOutcome outcome = new Compiler().promote(request(COMMITTED),
                new Promoter.Request("preprod", "prod", Optional.of("stable")));

        assertThat(outcome.written()).isFalse();
        assertThat(outcome.result().diagnostics()).extracting(Diagnostic::toString).containsExactly("NOTE"
                + " Promote.NothingToDo mesh.istiodsl:18:15: tag 'stable' of environment 'prod' already points where"
                + " it points in 'preprod'");
        assertThat(files()).isEqualTo(before);
    }

    private String head() throws Exception {
        try (Git git = Git.open(project.toFile())) {
            return git.getRepository().resolve("HEAD").getName();
        }
    }

    /** Every file of the project but the git directory, by path, as text. */
    private SortedMap<String, String> files() throws Exception {
        SortedMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(project)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = project.relativize(file).toString();
                if (!name.startsWith(".git")) {
                    out.put(name, Files.readString(file));
                }
            }
        }
        return out;
    }

    private CompileRequest request(Instant now) throws Exception {
        Fixtures.root();
        IstioctlOptions istioctl = StandInIstioctl.recordedCanary(temp.resolve("bin"));
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"), temp.resolve("cache"),
                istioctl, ValidateOptions.defaults().withToday(LocalDate.of(2024, 10, 1)).withNow(now));
    }
}
