package dev.istiodsl.lsp;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.parse.MeshFormatter;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.StandardLibrary;
import dev.istiodsl.validate.VersionFacts;
import dev.istiodsl.validate.rules.Rule;
import dev.istiodsl.validate.rules.Rules;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The istiodsl language server: keeps the open documents, and after each change (a quarter of a second after the
 * last keystroke) binds the document's program with the editor's texts and checks the DSL-level rules, publishing
 * every diagnostic with the compiler's id, message and range. On open and save the expanded resources are checked
 * too, but only from the expansion cache: istioctl takes minutes, and {@code istiodsl validate} runs it.
 */
public final class IstiodslLanguageServer implements LanguageServer, LanguageClientAware, TextDocumentService,
        WorkspaceService {

    private static final long SETTLE_MILLIS = 250;

    private final Map<Path, String> open = new ConcurrentHashMap<>();
    private final Map<Path, Set<Path>> published = new ConcurrentHashMap<>();
    private final Map<Path, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "istiodsl-check");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService answers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "istiodsl-answer");
        t.setDaemon(true);
        return t;
    });
    private final StdFiles std = new StdFiles();
    private final VersionFacts facts = VersionFacts.shipped();
    private final Rules rules = Rules.load(IstiodslLanguageServer.class.getClassLoader());
    private volatile LanguageClient client;
    private volatile Optional<Path> workspace = Optional.empty();
    private volatile boolean shutdown;

    @Override
    public void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    @Override
    @SuppressWarnings("deprecation")
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        if (params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()) {
            workspace = Optional.of(path(params.getWorkspaceFolders().get(0).getUri()));
        } else if (params.getRootUri() != null) {
            workspace = Optional.of(path(params.getRootUri()));
        }
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
        capabilities.setHoverProvider(true);
        capabilities.setDefinitionProvider(true);
        capabilities.setDocumentFormattingProvider(true);
        capabilities.setCompletionProvider(new CompletionOptions(false, List.of(" ", "/", ">")));
        String version = IstiodslLanguageServer.class.getPackage().getImplementationVersion();
        return CompletableFuture.completedFuture(new InitializeResult(capabilities,
                new ServerInfo("istiodsl", version == null ? "development" : version)));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        checks.shutdownNow();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        System.exit(shutdown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return this;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return this;
    }

    // Documents.

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        Path file = path(params.getTextDocument().getUri());
        open.put(file, params.getTextDocument().getText());
        schedule(file, 0, true);
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        Path file = path(params.getTextDocument().getUri());
        // Full synchronisation: the last change holds the whole text.
        params.getContentChanges().stream().reduce((a, b) -> b).ifPresent(c -> open.put(file, c.getText()));
        schedule(file, SETTLE_MILLIS, false);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        Path file = path(params.getTextDocument().getUri());
        open.remove(file);
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        schedule(path(params.getTextDocument().getUri()), 0, true);
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        open.keySet().forEach(file -> schedule(file, SETTLE_MILLIS, false));
    }

    /** Checks the file after {@code delay}; {@code saved}: as on disk, with the expansions the cache holds. */
    private void schedule(Path file, long delay, boolean saved) {
        if (shutdown) {
            return;
        }
        ScheduledFuture<?> previous = pending.put(file, checks.schedule(() -> check(file, saved), delay,
                TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** Checks the document's program and publishes the diagnostics of each of its files, clearing fixed ones. */
    private void check(Path file, boolean saved) {
        Program program;
        try {
            program = Program.of(file, Map.copyOf(open), workspace, std, saved && !unsavedChanges(file));
        } catch (RuntimeException e) {
            log("istiodsl: cannot check " + file + ": " + e);
            return;
        }
        Map<Path, List<Diagnostic>> byFile = new TreeMap<>();
        byFile.put(file, new ArrayList<>());
        Path anchor = program.meshFile.orElse(file);
        for (dev.istiodsl.diag.Diagnostic d : program.result.diagnostics()) {
            Optional<Path> where = d.location() == null ? Optional.of(anchor) : program.pathOf(d.location().file());
            if (where.isEmpty() || d.location() != null && d.location().file().startsWith("std/")) {
                continue;
            }
            byFile.computeIfAbsent(where.get(), p -> new ArrayList<>()).add(diagnostic(d));
        }
        Set<Path> before = published.getOrDefault(anchor, Set.of());
        for (Path stale : before) {
            byFile.putIfAbsent(stale, new ArrayList<>());
        }
        published.put(anchor, new HashSet<>(byFile.keySet()));
        LanguageClient c = client;
        if (c != null) {
            byFile.forEach((path, diagnostics) -> c.publishDiagnostics(new PublishDiagnosticsParams(
                    path.toUri().toString(), diagnostics)));
        }
    }

    /** Whether the editor's text of {@code file} differs from the disk's. */
    private boolean unsavedChanges(Path file) {
        String text = open.get(file);
        try {
            return text != null && !text.equals(java.nio.file.Files.readString(file));
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static Diagnostic diagnostic(dev.istiodsl.diag.Diagnostic d) {
        Diagnostic out = new Diagnostic();
        out.setRange(range(d.location()));
        out.setSeverity(switch (d.severity()) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case NOTE -> DiagnosticSeverity.Information;
            case SUPPRESSED -> DiagnosticSeverity.Hint;
        });
        out.setCode(d.id());
        out.setSource("istiodsl");
        out.setMessage(d.message() + (d.hint() == null ? "" : "\nhint: " + d.hint())
                + (d.severity() == Severity.SUPPRESSED ? "\nsuppressed: " + d.suppression() : ""));
        return out;
    }

    private static Range range(SourceLocation at) {
        if (at == null) {
            return new Range(new Position(0, 0), new Position(0, 0));
        }
        int line = Math.max(0, at.line() - 1);
        int column = Math.max(0, at.column() - 1);
        return new Range(new Position(line, column), new Position(line, column + Math.max(0, at.length())));
    }

    // Answers.

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return answers(() -> {
            Path file = path(params.getTextDocument().getUri());
            String text = text(file);
            MeshFormatter.Result result = MeshFormatter.format(new SourceFile(file.getFileName().toString(),
                    Optional.of(file), text));
            if (!result.formatted() || result.text().get().equals(text)) {
                return List.of();
            }
            int lines = (int) text.chars().filter(ch -> ch == '\n').count();
            return List.of(new TextEdit(new Range(new Position(0, 0), new Position(lines + 1, 0)),
                    result.text().get()));
        });
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return answers(() -> {
            Path file = path(params.getTextDocument().getUri());
            Cursor cursor = new Cursor(text(file), params.getPosition().getLine(),
                    params.getPosition().getCharacter());
            Optional<Cursor.Word> word = cursor.word();
            if (word.isEmpty()) {
                return null;
            }
            Program program = Program.of(file, Map.copyOf(open), workspace, std);
            Optional<String> markdown = hoverText(program, cursor, word.get().text());
            return markdown.map(md -> new Hover(new MarkupContent(MarkupKind.MARKDOWN, md), new Range(
                    new Position(params.getPosition().getLine(), word.get().start()),
                    new Position(params.getPosition().getLine(), word.get().end())))).orElse(null);
        });
    }

    private Optional<String> hoverText(Program program, Cursor cursor, String word) {
        Optional<Rule> rule = rules.find(word);
        if (rule.isPresent()) {
            return Optional.of("**" + rule.get().id() + "** (validation rule)\n\n" + rule.get().description());
        }
        List<String> before = cursor.before();
        if (!before.isEmpty() && before.get(before.size() - 1).equals("istio")) {
            return IstioVersion.parse(word).map(this::versionFacts);
        }
        for (Program.Declaration d : program.declarations()) {
            if (!d.name().text().equals(word)) {
                continue;
            }
            if (d.kind() == Program.Declaration.Kind.REVISION) {
                return revisionText(d);
            }
        }
        if (before.isEmpty() && Help.DOCS.containsKey(word)) {
            return Optional.of("**" + word + "**: " + Help.DOCS.get(word));
        }
        List<Program.Declaration> named = program.declarations().stream()
                .filter(d -> d.name().text().equals(word)).toList();
        if (!named.isEmpty()) {
            return Optional.of(named.stream().map(d -> d.kind().name().toLowerCase(java.util.Locale.ROOT) + " **"
                    + word + "**, declared in " + d.file().ast().displayName() + ":" + d.name().at().line())
                    .distinct().collect(Collectors.joining("\n\n")));
        }
        return Optional.ofNullable(Help.DOCS.get(word)).map(doc -> "**" + word + "**: " + doc);
    }

    private Optional<String> revisionText(Program.Declaration d) {
        for (Ast.Member m : d.file().ast().members()) {
            if (m instanceof Ast.Revision r && r.name().equals(d.name())) {
                for (Ast.Setting s : r.settings()) {
                    if (s.name().text().equals("istio") && !s.values().isEmpty()
                            && s.values().get(0) instanceof Ast.Value.VersionValue v) {
                        return IstioVersion.parse(v.text()).map(version -> "revision **" + r.name().text()
                                + "**, declared in " + d.file().ast().displayName() + ":" + r.name().at().line()
                                + "\n\n" + versionFacts(version));
                    }
                }
                return Optional.of("revision **" + r.name().text() + "** (no `istio` version yet)");
            }
        }
        return Optional.empty();
    }

    private String versionFacts(IstioVersion version) {
        Optional<VersionFacts.Minor> minor = facts.minor(version);
        if (minor.isEmpty()) {
            return "Istio " + version + ": " + switch (facts.coverage(version)) {
                case OLDER -> "older than every line the facts know (" + facts.oldest().line() + "): past end of life";
                case NEWER -> "newer than every line the facts know (" + facts.newest().line() + ")";
                case KNOWN -> "no facts";
            };
        }
        VersionFacts.Minor m = minor.get();
        return "Istio " + version + " (line " + m.line() + "): released " + m.released() + ", end of life "
                + m.eol().map(d -> d + (m.eolApproximate() ? " (approximate)" : "")).orElse("not announced")
                + "; supports Kubernetes " + m.kubernetesSupported().stream().map(Object::toString)
                        .collect(Collectors.joining(", "));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return answers(() -> {
            Path file = path(params.getTextDocument().getUri());
            Program program = Program.of(file, Map.copyOf(open), workspace, std);
            int line = params.getPosition().getLine() + 1;
            int column = params.getPosition().getCharacter() + 1;
            for (Ast.Member m : program.own().ast().members()) {
                if (m instanceof Ast.Import i && contains(i.targetAt(), line, column)) {
                    return Either.forLeft(importTarget(program, i));
                }
            }
            Cursor cursor = new Cursor(text(file), params.getPosition().getLine(),
                    params.getPosition().getCharacter());
            Optional<Cursor.Word> word = cursor.word();
            if (word.isEmpty()) {
                return Either.forLeft(List.of());
            }
            List<Program.Declaration> named = program.declarations().stream()
                    .filter(d -> d.name().text().equals(word.get().text())).toList();
            Set<Program.Declaration.Kind> expected = expectedKinds(cursor);
            List<Program.Declaration> fitting = named.stream().filter(d -> expected.contains(d.kind())).toList();
            List<Location> locations = (fitting.isEmpty() ? named : fitting).stream()
                    .map(d -> location(d.file().path(), d.name().at())).toList();
            return Either.forLeft(locations);
        });
    }

    private List<Location> importTarget(Program program, Ast.Import i) {
        String displayName = i.standard() ? i.target() + ".istiodsl" : null;
        if (displayName != null) {
            Program.ParsedFile std = program.files.get(displayName);
            if (std == null) {
                return new StandardLibrary(IstiodslLanguageServer.class.getClassLoader())
                        .load(StandardLibrary.moduleName(i.target()).orElse(""))
                        .map(f -> List.of(location(this.std.path(f.displayName(), f.text()), null)))
                        .orElse(List.of());
            }
            return List.of(location(std.path(), null));
        }
        Path target = program.own().path().getParent().resolve(i.target()).normalize();
        return List.of(location(target, null));
    }

    /** What a name at the cursor can stand for, from the words before it. */
    private static Set<Program.Declaration.Kind> expectedKinds(Cursor cursor) {
        List<String> before = cursor.before();
        String block = cursor.block();
        String first = before.isEmpty() ? "" : before.get(0);
        String last = before.isEmpty() ? "" : before.get(before.size() - 1);
        Set<Program.Declaration.Kind> kinds = new LinkedHashSet<>();
        if (block.equals("namespaces") && before.contains("->")) {
            kinds.add(Program.Declaration.Kind.TAG);
            kinds.add(Program.Declaration.Kind.REVISION);
        } else if (first.equals("tag") && before.contains("->") || first.equals("revisions")
                || last.equals("revision")) {
            kinds.add(Program.Declaration.Kind.REVISION);
        } else if (first.equals("overlays")) {
            kinds.add(Program.Declaration.Kind.OVERLAY);
        } else if (first.equals("gateways") || last.equals("gateway")) {
            kinds.add(Program.Declaration.Kind.GATEWAY);
        } else if (last.equals("extends") || last.equals("after")) {
            kinds.add(Program.Declaration.Kind.ENVIRONMENT);
        } else if (last.equals("tag")) {
            kinds.add(Program.Declaration.Kind.TAG);
        }
        return kinds;
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return answers(() -> {
            Path file = path(params.getTextDocument().getUri());
            Cursor cursor = new Cursor(text(file), params.getPosition().getLine(),
                    params.getPosition().getCharacter());
            List<String> before = cursor.before();
            String block = cursor.block();
            List<CompletionItem> items = new ArrayList<>();
            if (before.isEmpty()) {
                for (String keyword : Help.STATEMENTS.getOrDefault(block, List.of())) {
                    items.add(item(keyword, CompletionItemKind.Keyword, Help.DOCS.get(keyword)));
                }
                return Either.forLeft(items);
            }
            String first = before.get(0);
            if (first.equals("import") && before.size() == 1) {
                StandardLibrary.onClasspath().modules().forEach(m -> items.add(item("std/" + m,
                        CompletionItemKind.Module, "the standard library's " + m)));
                return Either.forLeft(items);
            }
            if (first.equals("suppress") && before.size() == 1) {
                rules.all().forEach(r -> items.add(item(r.id(), CompletionItemKind.EnumMember, r.description())));
                return Either.forLeft(items);
            }
            if (before.size() == 1 && Help.VALUES.containsKey(first)) {
                Help.VALUES.get(first).forEach(v -> items.add(item(v, CompletionItemKind.Value, null)));
                return Either.forLeft(items);
            }
            Set<Program.Declaration.Kind> kinds = expectedKinds(cursor);
            if (!kinds.isEmpty()) {
                Program program = Program.of(file, Map.copyOf(open), workspace, std);
                Map<String, Program.Declaration> names = new TreeMap<>();
                program.declarations().stream().filter(d -> kinds.contains(d.kind()))
                        .forEach(d -> names.putIfAbsent(d.name().text(), d));
                names.forEach((name, d) -> items.add(item(name, CompletionItemKind.Reference,
                        d.kind().name().toLowerCase(java.util.Locale.ROOT) + " declared in "
                                + d.file().ast().displayName())));
            }
            return Either.forLeft(items);
        });
    }

    private static CompletionItem item(String label, CompletionItemKind kind, String detail) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        if (detail != null) {
            item.setDetail(detail);
        }
        return item;
    }

    // Plumbing.

    private <T> CompletableFuture<T> answers(java.util.function.Supplier<T> answer) {
        return CompletableFuture.supplyAsync(answer, answers);
    }

    private String text(Path file) {
        String text = open.get(file);
        return text != null ? text : Program.read(file);
    }

    private static boolean contains(SourceLocation at, int line, int column) {
        return at != null && at.line() == line && column >= at.column() && column <= at.column() + at.length();
    }

    private static Location location(Path file, SourceLocation at) {
        return new Location(file.toUri().toString(), range(at));
    }

    private static Path path(String uri) {
        return Path.of(URI.create(uri)).toAbsolutePath().normalize();
    }

    private void log(String message) {
        System.err.println(message);
    }

}
