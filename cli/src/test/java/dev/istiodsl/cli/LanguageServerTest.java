package dev.istiodsl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code istiodsl lsp} as an editor drives it: the real jar in a child process, JSON-RPC over its standard input and
 * output (lsp4j on the editor's side, as VS Code's client would speak it).
 */
class LanguageServerTest {

    private static final String MESH = """
            mesh demo {
              import std/hardening
              revision r1 {
                istio 1.22.8
                manifest "render/r1.yaml"
              }
              overlay two-replicas {
                patch Deployment "istiod" {
                  replace /spec/replicas 2
                }
              }
              environment test {
                revisions r1
                tag stable -> r2
                namespaces {
                  apps -> stable
                }
                overlays two-replicas, hardening
                suppress Support.EndOfLife "recorded renders"
              }
            }
            """;

    @TempDir
    Path dir;

    private Process process;
    private LanguageServer server;
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    private String uri;

    @BeforeEach
    void start() throws Exception {
        Istiodsl.project("manifest", dir);
        Files.writeString(dir.resolve("mesh.istiodsl"), MESH, StandardCharsets.UTF_8);
        uri = dir.resolve("mesh.istiodsl").toUri().toString();
        process = new ProcessBuilder(Istiodsl.java().toString(), "-jar", Istiodsl.jar().toString(), "lsp")
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Editor(), process.getInputStream(),
                process.getOutputStream());
        launcher.startListening();
        server = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setWorkspaceFolders(List.of(new WorkspaceFolder(dir.toUri().toString(), "demo")));
        init.setCapabilities(new ClientCapabilities());
        InitializeResult result = server.initialize(init).get(60, TimeUnit.SECONDS);
        assertThat(result.getCapabilities().getHoverProvider().getLeft()).isTrue();
        assertThat(result.getCapabilities().getDefinitionProvider().getLeft()).isTrue();
        assertThat(result.getCapabilities().getDocumentFormattingProvider().getLeft()).isTrue();
        assertThat(result.getCapabilities().getCompletionProvider()).isNotNull();
        server.initialized(new InitializedParams());
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "istiodsl",
                1, MESH)));
    }

    @AfterEach
    void stop() throws Exception {
        if (process.isAlive()) {
            server.shutdown().get(30, TimeUnit.SECONDS);
            server.exit();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server exits after shutdown and exit").isTrue();
            assertThat(process.exitValue()).isZero();
        }
    }

    private List<Diagnostic> nextDiagnostics() throws InterruptedException {
        return nextDiagnostics(uri);
    }

    private List<Diagnostic> nextDiagnostics(String of) throws InterruptedException {
        while (true) {
            PublishDiagnosticsParams params = published.poll(60, TimeUnit.SECONDS);
            assertThat(params).as("diagnostics published in time").isNotNull();
            if (params.getUri().equals(of)) {
                return params.getDiagnostics();
            }
        }
    }

    private static List<String> codes(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> d.getCode().getLeft()).toList();
    }

    @Test
    void onOpenAndSave_theExpandedResourcesAreCheckedToo_onlyWhenNothingNeedsToRun() throws Exception {
        nextDiagnostics();
        Path other = Istiodsl.project("manifest", Files.createDirectories(dir.resolve("other")));
        Path mesh = other.resolve("mesh.istiodsl");
        String otherUri = mesh.toUri().toString();
        String text = Files.readString(mesh);
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(otherUri,
                "istiodsl", 1, text)));
        // A manifest revision needs no istioctl: its resources are checked on open (the namespace no injector selects).
        assertThat(codes(nextDiagnostics(otherUri))).contains("Namespace.NoInjector", "Support.EndOfLife");

        // As you type, only bind and the DSL-level rules run.
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(otherUri, 2), List.of(new TextDocumentContentChangeEvent(
                        text + "# typing\n"))));
        assertThat(codes(nextDiagnostics(otherUri))).contains("Support.EndOfLife")
                .doesNotContain("Namespace.NoInjector");

        // Saved with a revision istioctl would have to expand, and no cache: nothing runs, no expansion error shows.
        String istioctl = text.replace("manifest \"render/r1.yaml\"", "profile default");
        Files.writeString(mesh, istioctl);
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(otherUri, 3), List.of(new TextDocumentContentChangeEvent(
                        istioctl))));
        nextDiagnostics(otherUri);
        server.getTextDocumentService().didSave(new org.eclipse.lsp4j.DidSaveTextDocumentParams(
                new TextDocumentIdentifier(otherUri)));
        List<Diagnostic> saved = nextDiagnostics(otherUri);
        assertThat(codes(saved)).contains("Support.EndOfLife").noneMatch(id -> id.startsWith("Expand."));
        assertThat(saved).noneMatch(d -> d.getSeverity() == DiagnosticSeverity.Error);
    }

    @Test
    void diagnosticsAsYouType_haveTheCompilersIdsMessagesAndRanges() throws Exception {
        List<Diagnostic> opened = nextDiagnostics();
        assertThat(opened).extracting(d -> d.getCode().getLeft()).contains("Bind.UnknownRevision");

        // The same finding as the command line's JSON report: id, line, column and message.
        Istiodsl.Run cli = Istiodsl.run(dir, "validate", "--expand=false", "--output=json");
        JsonNode finding = null;
        for (JsonNode f : new ObjectMapper().readTree(cli.out()).path("findings")) {
            if (f.path("id").asText().equals("Bind.UnknownRevision")) {
                finding = f;
            }
        }
        assertThat(finding).as(cli.toString()).isNotNull();
        Diagnostic unknown = opened.stream().filter(d -> d.getCode().getLeft().equals("Bind.UnknownRevision"))
                .findFirst().orElseThrow();
        assertThat(unknown.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
        assertThat(unknown.getRange().getStart()).isEqualTo(new Position(finding.path("line").asInt() - 1,
                finding.path("column").asInt() - 1));
        assertThat(unknown.getRange().getStart()).isEqualTo(new Position(13, 18));
        assertThat(unknown.getRange().getEnd()).isEqualTo(new Position(13, 20));
        assertThat(unknown.getMessage().getLeft()).startsWith(finding.path("message").asText());

        String fixed = MESH.replace("tag stable -> r2", "tag stable -> r1");
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(fixed))));
        List<Diagnostic> after = nextDiagnostics();
        assertThat(after).noneMatch(d -> d.getSeverity() == DiagnosticSeverity.Error);
        // The DSL-level rules run too: the suppressed end-of-life finding is shown as a hint with its reason.
        assertThat(after).anySatisfy(d -> {
            assertThat(d.getCode().getLeft()).isEqualTo("Support.EndOfLife");
            assertThat(d.getSeverity()).isEqualTo(DiagnosticSeverity.Hint);
            assertThat(d.getMessage().getLeft()).contains("suppressed: recorded renders");
        });
        assertThat(Files.readString(dir.resolve("mesh.istiodsl"))).as("nothing is saved").isEqualTo(MESH);
    }

    @Test
    void hover_showsARevisionsIstioFacts_aRuleAndASetting() throws Exception {
        nextDiagnostics();
        Hover revision = hover(12, 16);
        assertThat(revision.getContents().getRight().getValue()).contains("revision **r1**", "Istio 1.22.8",
                "end of life 2025-", "supports Kubernetes 1.2");
        Hover rule = hover(18, 16);
        assertThat(rule.getContents().getRight().getValue()).contains("**Support.EndOfLife**");
        Hover setting = hover(4, 6);
        assertThat(setting.getContents().getRight().getValue()).contains("**manifest**",
                "an already generated manifest");
    }

    @Test
    void definition_ofOverlaysRevisionsTagsAndImports_stdIncluded() throws Exception {
        nextDiagnostics();
        Location overlay = definition(17, 15).get(0);
        assertThat(overlay.getUri()).isEqualTo(uri);
        assertThat(overlay.getRange().getStart()).isEqualTo(new Position(6, 10));

        Location revision = definition(12, 15).get(0);
        assertThat(revision.getRange().getStart()).isEqualTo(new Position(2, 11));

        Location tag = definition(15, 15).get(0);
        assertThat(tag.getRange().getStart()).isEqualTo(new Position(13, 8));

        Location stdOverlay = definition(17, 30).get(0);
        assertThat(stdOverlay.getUri()).endsWith("std/hardening.istiodsl");
        String stdText = Files.readString(Path.of(java.net.URI.create(stdOverlay.getUri())));
        assertThat(stdText.lines().toList().get(stdOverlay.getRange().getStart().getLine()))
                .contains("overlay hardening");

        Location stdImport = definition(1, 14).get(0);
        assertThat(stdImport.getUri()).isEqualTo(stdOverlay.getUri());
    }

    @Test
    void completion_offersTheKeywordsOfTheBlock_namesAndRuleIds() throws Exception {
        nextDiagnostics();
        String typing = MESH.replace("    revisions r1\n", "    revisions r1\n    \n    revisions \n"
                + "    suppress \n").replace("  import std/hardening\n", "  import std/hardening\n  import \n");
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(typing))));
        assertThat(complete(14, 4)).contains("revisions", "namespaces", "overlays", "tag")
                .doesNotContain("istio", "mesh");
        assertThat(complete(15, 14)).contains("r1");
        assertThat(complete(16, 13)).contains("Support.EndOfLife", "Image.LatestTag");
        assertThat(complete(2, 9)).contains("std/hardening", "std/cni");
        assertThat(complete(4, 4)).contains("istio", "manifest", "set", "component");
    }

    @Test
    void insideAClusterBlock_completionOffersTheClusterSettings_andHoverExplainsTheBlock() throws Exception {
        nextDiagnostics();
        String typing = MESH.replace("    revisions r1\n", "    revisions r1\n    cluster eu-1 {\n      \n    }\n");
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(typing))));

        assertThat(complete(14, 6)).contains("meshID", "clusterName", "network", "values", "set", "overlays",
                "kubernetes", "flux").doesNotContain("revisions", "namespaces", "tag");
        assertThat(hover(13, 6).getContents().getRight().getValue()).contains("**cluster**", "`cluster NAME { }`",
                "`meshID`", "`flux { }`");
    }

    @Test
    void formatting_returnsTheFormattersText() throws Exception {
        nextDiagnostics();
        String messy = "mesh demo {\n  revision r1 { istio 1.22.8   manifest \"render/r1.yaml\" }\n}\n";
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(messy))));
        List<? extends TextEdit> edits = server.getTextDocumentService().formatting(new DocumentFormattingParams(
                new TextDocumentIdentifier(uri), new FormattingOptions(2, true))).get(60, TimeUnit.SECONDS);
        assertThat(edits).hasSize(1);
        assertThat(edits.get(0).getNewText()).isEqualTo(
                "mesh demo {\n  revision r1 {\n    istio 1.22.8\n    manifest \"render/r1.yaml\"\n  }\n}\n");
        assertThat(edits.get(0).getRange().getStart()).isEqualTo(new Position(0, 0));
    }

    private Hover hover(int line, int character) throws Exception {
        return server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(60, TimeUnit.SECONDS);
    }

    private List<? extends Location> definition(int line, int character) throws Exception {
        List<? extends Location> found = server.getTextDocumentService().definition(new DefinitionParams(
                new TextDocumentIdentifier(uri), new Position(line, character))).get(60, TimeUnit.SECONDS).getLeft();
        assertThat(found).as("definition at %d:%d", line, character).isNotEmpty();
        return found;
    }

    private List<String> complete(int line, int character) throws Exception {
        return server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                new Position(line, character))).get(60, TimeUnit.SECONDS).getLeft().stream()
                .map(CompletionItem::getLabel).toList();
    }

    /** The editor's side: it collects what the server publishes. */
    private final class Editor implements LanguageClient {
        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            published.add(diagnostics);
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }
}
