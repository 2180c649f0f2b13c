package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diff.DiffReport;
import dev.istiodsl.diff.TreeDiff;
import dev.istiodsl.report.Reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run says to the person who started it, as lines with a level: the findings per environment, the stages of a
 * compile with counts and times, the closing count. The Maven goals send the lines to Maven's log and the
 * command-line tool to its standard error, so both say the same words.
 */
public final class RunLog {

    /** How loud a line is: Maven's log levels, a terminal's colours. */
    public enum Level { INFO, WARNING, ERROR }

    public record Line(Level level, String text) {
    }

    private RunLog() {
    }

    /** Every diagnostic per environment, after a line of counts; each rendered with its source line and caret. */
    public static List<Line> findings(CompileResult result) {
        List<Line> lines = new ArrayList<>();
        Reports.byEnvironment(result).forEach((group, diagnostics) -> {
            if (diagnostics.isEmpty() && group.equals(Reports.MESH)) {
                return;
            }
            lines.add(info((group.equals(Reports.MESH) ? "the mesh" : "environment " + group) + ": "
                    + Reports.countsLine(diagnostics)));
            for (Diagnostic d : diagnostics) {
                Level level = switch (d.severity()) {
                    case ERROR -> Level.ERROR;
                    case WARNING -> Level.WARNING;
                    case NOTE, SUPPRESSED -> Level.INFO;
                };
                // One line each so every line carries the level prefix and the caret stays aligned.
                result.render(d).lines().forEach(text -> lines.add(new Line(level, text)));
            }
        });
        return lines;
    }

    /** {@code 1 error, 2 warnings in mesh.istiodsl}. */
    public static Line totals(CompileRequest request, CompileResult result) {
        return info(count(result.count(Severity.ERROR), "error") + ", " + count(result.count(Severity.WARNING),
                "warning") + " in " + Settings.shownName(request));
    }

    /** The one-line reason a run failed: {@code 2 errors in mesh.istiodsl (see the messages above)}. */
    public static String failure(CompileRequest request, CompileResult result) {
        return "istiodsl: " + count(result.count(Severity.ERROR), "error") + " in " + Settings.shownName(request)
                + " (see the messages above)";
    }

    /** A compile's istioctl binaries, stages with counts and times, and resources per environment. */
    public static List<Line> compiled(CompileRequest request, CompileSummary summary) {
        List<Line> lines = new ArrayList<>();
        summary.istioctlBinaries().forEach((version, binary) -> lines.add(info("istioctl " + version + ": "
                + binary)));
        for (Map.Entry<String, Long> stage : summary.stageMillis()) {
            String counts = switch (stage.getKey()) {
                case "lock" -> ": waited for another compile or promote of this output to finish";
                case "expand" -> ": " + summary.istioctlRuns() + " istioctl runs, " + (summary.helmRenders() > 0
                        ? summary.helmRenders() + " charts rendered, " : "") + summary.cacheHits() + " from the cache";
                case "unchanged" -> summary.emitted().map(e -> ": the lock records these sources and settings and no"
                        + " file was edited: " + e.unchanged() + " files checked, nothing compiled or written, the last"
                        + " compile's findings shown").orElse("");
                case "emit" -> summary.emitted().map(e -> ": " + e.added().size() + " added, " + e.changed().size()
                        + " changed, " + e.removed().size() + " removed, " + e.unchanged() + " unchanged")
                        .orElse(": nothing written");
                default -> "";
            };
            lines.add(info(stage.getKey() + counts + " (" + stage.getValue() + " ms)"));
        }
        summary.resources().forEach((env, parts) -> lines.add(info("environment " + env + ": "
                + parts.values().stream().mapToInt(Integer::intValue).sum() + " resources " + parts)));
        lines.add(info("tree in " + request.outputDirectory()));
        return lines;
    }

    /** How verify judged the tree: from the lock alone, or by compiling in memory. */
    public static Line verified(CompileSummary summary) {
        return info("verify: " + (summary.resources().isEmpty()
                ? "the lock file records these sources; the files were checked against it, no istioctl ran"
                : "the sources changed since the lock was written; compiled them in memory (" + summary.istioctlRuns()
                        + " istioctl runs, " + summary.cacheHits() + " from the cache) and compared every file"));
    }

    /** The diff for a terminal: each line of {@link DiffReport#terminal}. */
    public static List<Line> diff(TreeDiff diff, boolean colour) {
        return DiffReport.terminal(diff, colour).stream().map(RunLog::info).toList();
    }

    /**
     * Whether to colour the diff, from the setting {@code istiodsl.color}: {@code always}, {@code never}, or
     * {@code auto} (when a terminal shows it and NO_COLOR is not set).
     */
    public static boolean colour(String setting) {
        return switch (setting == null ? "auto" : setting) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM"));
        };
    }

    /**
     * Writes the diff's Markdown report for the pull request into {@code file}, within {@code budget} characters, and
     * the full report beside it, each replaced whole.
     *
     * @return a line naming both files
     */
    public static String writeDiffReport(Path file, TreeDiff diff, CompileResult result, int budget) {
        try {
            List<Path> written = DiffReport.write(file, diff, result.mesh().orElseThrow(), result.diagnostics(),
                    budget);
            return written.get(0) + " (at most " + budget + " characters), full report " + written.get(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the diff report " + file, e);
        }
    }

    /** An informational line, prefixed with the tool's name as every summary line is. */
    public static Line info(String text) {
        return new Line(Level.INFO, "istiodsl: " + text);
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
