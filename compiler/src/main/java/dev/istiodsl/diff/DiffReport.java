package dev.istiodsl.diff;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.promote.SoakGate;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.partition.Namespaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link TreeDiff} for people: lines for a terminal or CI log, and a Markdown report for a pull-request comment. The
 * report stays readable at hundreds of changes: counts first, details collapsed, and every cut says what it left
 * out.
 */
public final class DiffReport {

    /** At most this many resources are shown field by field in the Markdown report. */
    public static final int DETAILED_RESOURCES = 500;
    /** At most this many fields are shown per resource. */
    public static final int DETAILED_FIELDS = 40;
    /** At most this many findings are listed. */
    static final int LISTED_FINDINGS = 50;

    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private static final java.util.regex.Pattern BACKTICKS = java.util.regex.Pattern.compile("`+");

    private DiffReport() {
    }

    /** The diff for a terminal: per environment its counts, then a line per resource and per changed field. */
    public static List<String> terminal(TreeDiff diff, boolean colour) {
        List<String> out = new ArrayList<>();
        if (diff.isEmpty()) {
            out.add("no change against " + diff.base());
            return out;
        }
        diff.changes().forEach((env, changes) -> {
            out.add("environment " + env + ": " + diff.count(env, ResourceChange.Type.ADDED) + " added, "
                    + diff.count(env, ResourceChange.Type.CHANGED) + " changed, "
                    + diff.count(env, ResourceChange.Type.REMOVED) + " removed (against " + diff.base() + ")");
            for (ResourceChange c : changes) {
                String sign = switch (c.type()) {
                    case ADDED -> paint("+", GREEN, colour);
                    case REMOVED -> paint("-", RED, colour);
                    case CHANGED -> paint("~", YELLOW, colour);
                };
                out.add("  " + sign + " " + c.kind() + " " + c.name() + "  (" + c.file() + ")");
                departure(diff, env, c).ifPresent(d -> out.add("      " + paint("! " + d.fate(),
                        d.deletes() ? RED : YELLOW, colour)));
                for (FieldChange f : c.fields()) {
                    if (f.isText()) {
                        out.add("      " + f.path() + ": " + lineCounts(f));
                        f.lines().forEach(line -> out.add("        " + paint(line, line.startsWith("+") ? GREEN
                                : line.startsWith("-") ? RED : line.startsWith("@@") ? CYAN : null, colour)));
                        continue;
                    }
                    out.add("      " + f.path() + ": " + (f.added() ? paint("(new) " + f.after(), GREEN, colour)
                            : f.removed() ? paint(f.before() + " (gone)", RED, colour)
                            : paint(f.before(), RED, colour) + " -> " + paint(f.after(), GREEN, colour)));
                }
            }
        });
        for (Restart r : diff.restarts()) {
            out.add("restart: environment " + r.environment() + ", namespace " + r.namespace() + ": " + r.why());
        }
        return out;
    }

    /** What happens to a Namespace the change removes or unbinds, when the resource is one. */
    private static Optional<Namespaces.Departure> departure(TreeDiff diff, String env, ResourceChange c) {
        return c.kind().equals("Namespace") && c.type() != ResourceChange.Type.ADDED
                ? diff.departure(env, c.name()) : Optional.empty();
    }

    private static String paint(String text, String colour, boolean on) {
        return on && colour != null ? colour + text + RESET : text;
    }

    /** What a line diff does, in words: {@code 12 lines added, 5 removed}. */
    static String lineCounts(FieldChange f) {
        long added = f.linesAdded();
        long removed = f.linesRemoved();
        return "text changed, " + added + (added == 1 ? " line" : " lines") + " added, " + removed + " removed";
    }

    /** A line diff as a fenced {@code diff} block, indented to sit under a list item. */
    static void fenced(StringBuilder md, String indent, List<String> lines) {
        int longest = 2;
        for (String line : lines) {
            java.util.regex.Matcher run = BACKTICKS.matcher(line);
            while (run.find()) {
                longest = Math.max(longest, run.group().length());
            }
        }
        String fence = "`".repeat(longest + 1);
        md.append(indent).append(fence).append("diff\n");
        lines.forEach(line -> md.append(indent).append(line).append('\n'));
        md.append(indent).append(fence).append('\n');
    }

    /** The Markdown report for a pull request. */
    public static String markdown(TreeDiff diff, Mesh mesh, List<Diagnostic> findings) {
        StringBuilder md = new StringBuilder("# istiodsl: what this change does to the clusters\n\n");
        md.append("Compared with `").append(diff.base()).append("`.");
        if (diff.isEmpty()) {
            md.append(" The compiled tree is the same: no cluster changes.\n");
        } else {
            md.append('\n');
        }
        summary(md, diff);
        promotion(md, mesh);
        findings(md, findings);
        restarts(md, diff);
        departures(md, diff);
        details(md, diff);
        return md.toString();
    }

    private static void summary(StringBuilder md, TreeDiff diff) {
        if (diff.isEmpty()) {
            return;
        }
        md.append("\n## Summary\n\n| environment | added | changed | removed |\n|---|---:|---:|---:|\n");
        diff.changes().keySet().forEach(env -> md.append("| ").append(env).append(" | ")
                .append(diff.count(env, ResourceChange.Type.ADDED)).append(" | ")
                .append(diff.count(env, ResourceChange.Type.CHANGED)).append(" | ")
                .append(diff.count(env, ResourceChange.Type.REMOVED)).append(" |\n"));
        diff.changes().forEach((env, changes) -> {
            md.append("\n**").append(env).append("**, per kind\n\n| kind | added | changed | removed |\n"
                    + "|---|---:|---:|---:|\n");
            Map<String, int[]> byKind = new TreeMap<>();
            changes.forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new int[3])[c.type().ordinal()]++);
            byKind.forEach((kind, n) -> md.append("| ").append(kind).append(" | ").append(n[0]).append(" | ")
                    .append(n[2]).append(" | ").append(n[1]).append(" |\n"));
        });
    }

    /** The promotion chain, each environment with its revisions and tags, as a Mermaid flowchart. */
    private static void promotion(StringBuilder md, Mesh mesh) {
        md.append("\n## Promotion\n\n```mermaid\nflowchart LR\n");
        for (Environment env : mesh.environments().values()) {
            StringBuilder label = new StringBuilder(env.name()).append("<br/>").append(String.join(", ",
                    env.revisions()));
            env.tags().forEach((tag, rev) -> label.append("<br/>").append(tag).append(" → ").append(rev));
            md.append("  ").append(id(env.name())).append("[\"").append(label).append("\"]\n");
        }
        for (Environment env : mesh.environments().values()) {
            env.promotion().ifPresent(p -> md.append("  ").append(id(p.after())).append(" -->|soak ")
                    .append(soak(p.soak())).append("| ").append(id(env.name())).append('\n'));
        }
        md.append("```\n");
    }

    private static String id(String env) {
        return "env_" + env.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String soak(java.time.Duration soak) {
        long hours = soak.toHours();
        return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }

    private static void findings(StringBuilder md, List<Diagnostic> all) {
        List<Diagnostic> shown = all.stream().filter(d -> d.severity() == Severity.ERROR
                || d.severity() == Severity.WARNING).toList();
        long suppressed = all.stream().filter(d -> d.severity() == Severity.SUPPRESSED).count();
        md.append("\n## Validation\n\n");
        if (shown.isEmpty()) {
            md.append("No errors or warnings");
        } else {
            md.append(shown.stream().filter(Diagnostic::isError).count()).append(" errors, ")
                    .append(shown.stream().filter(d -> d.severity() == Severity.WARNING).count()).append(" warnings");
        }
        md.append(suppressed > 0 ? "; " + suppressed + " findings suppressed with a reason.\n" : ".\n");
        // An overridden soak gate is an emergency someone vouched for: the reviewer sees each one and its reason.
        List<Diagnostic> overrides = all.stream().filter(d -> d.severity() == Severity.SUPPRESSED
                && SoakGate.IDS.contains(d.id())).toList();
        if (!overrides.isEmpty()) {
            md.append("\n**Soak gates overridden** (").append(overrides.size()).append("):\n\n");
            overrides.forEach(d -> md.append("- `").append(d.id()).append("`")
                    .append(d.location() == null ? "" : " at `" + d.location() + "`").append(": ")
                    .append(escape(d.message())).append("  \n  **reason:** ").append(escape(d.suppression()))
                    .append('\n'));
        }
        if (!shown.isEmpty()) {
            md.append('\n');
            shown.stream().limit(LISTED_FINDINGS).forEach(d -> md.append("- **").append(d.severity().name()
                    .toLowerCase(java.util.Locale.ROOT)).append("** `").append(d.id()).append("`")
                    .append(d.location() == null ? "" : " at `" + d.location() + "`").append(": ")
                    .append(escape(d.message())).append('\n'));
            if (shown.size() > LISTED_FINDINGS) {
                md.append("- … and ").append(shown.size() - LISTED_FINDINGS).append(" more (run `mvn istiodsl:validate`)\n");
            }
        }
    }

    private static void restarts(StringBuilder md, TreeDiff diff) {
        md.append("\n## Rollout restarts\n\n");
        if (diff.restarts().isEmpty()) {
            md.append("No namespace needs a restart.\n");
            return;
        }
        md.append("Sidecars are injected when a pod starts: restart the workloads of these namespaces once the change"
                + " is applied.\n\n| environment | namespace | why |\n|---|---|---|\n");
        diff.restarts().forEach(r -> md.append("| ").append(r.environment()).append(" | ").append(r.namespace())
                .append(" | ").append(escape(r.why())).append(" |\n"));
    }

    /** Namespaces never go with the tree: what the cluster does with each one that leaves it, or its binding. */
    private static void departures(StringBuilder md, TreeDiff diff) {
        if (diff.departures().isEmpty()) {
            return;
        }
        md.append("\n## Namespaces that leave the tree or their binding\n\n| environment | namespace | what happens |"
                + " what to do |\n|---|---|---|---|\n");
        diff.departures().forEach((env, departures) -> departures.forEach(d -> md.append("| ").append(env)
                .append(" | ").append(d.namespace()).append(" | ").append(d.deletes() ? "**" + escape(d.fate()) + "**"
                        : escape(d.fate())).append(" | ").append(escape(d.followUp())).append(" |\n")));
    }

    private static void details(StringBuilder md, TreeDiff diff) {
        if (diff.isEmpty()) {
            return;
        }
        md.append("\n## Details\n");
        int budget = DETAILED_RESOURCES;
        int cut = 0;
        for (Map.Entry<String, List<ResourceChange>> env : diff.changes().entrySet()) {
            md.append("\n<details><summary>").append(env.getKey()).append(": ").append(env.getValue().size())
                    .append(env.getValue().size() == 1 ? " resource" : " resources").append("</summary>\n\n");
            for (ResourceChange c : env.getValue()) {
                if (budget == 0) {
                    cut++;
                    continue;
                }
                budget--;
                String sign = switch (c.type()) {
                    case ADDED -> "added";
                    case REMOVED -> "removed";
                    case CHANGED -> "changed";
                };
                md.append("- ").append(sign).append(" **").append(c.kind()).append("** `").append(c.name())
                        .append("` (`").append(c.file()).append("`)")
                        .append(departure(diff, env.getKey(), c).map(d -> ": " + escape(d.fate())).orElse(""))
                        .append('\n');
                c.fields().stream().limit(DETAILED_FIELDS).forEach(f -> {
                    md.append("  - `").append(f.path()).append("`: ").append(f.isText() ? lineCounts(f)
                            : f.added() ? "new `" + code(f.after()) + "`"
                            : f.removed() ? "gone (was `" + code(f.before()) + "`)"
                            : "`" + code(f.before()) + "` → `" + code(f.after()) + "`").append('\n');
                    if (f.isText()) {
                        fenced(md, "    ", f.lines());
                    }
                });
                if (c.fields().size() > DETAILED_FIELDS) {
                    md.append("  - … and ").append(c.fields().size() - DETAILED_FIELDS).append(" more fields\n");
                }
            }
            md.append("\n</details>\n");
        }
        if (cut > 0) {
            md.append("\n… and ").append(cut).append(" more resources not shown in detail (the report lists the first ")
                    .append(DETAILED_RESOURCES).append("; `mvn istiodsl:diff` prints them all).\n");
        }
    }

    private static String code(String text) {
        return text.replace("`", "'");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;");
    }
}
