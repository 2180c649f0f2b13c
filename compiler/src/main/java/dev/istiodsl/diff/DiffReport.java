package dev.istiodsl.diff;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.partition.Namespaces;
import dev.istiodsl.promote.SoakGate;
import dev.istiodsl.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link TreeDiff} for people: lines for a terminal or CI log, and a Markdown report for a pull-request comment.
 *
 * <p>The report always fits its budget ({@link #DEFAULT_BUDGET} characters: a GitHub comment takes 65,536). Its first
 * screen says what changes in which cluster, what must restart and what is risky; then come the summary per
 * environment, the promotion chain, the findings (errors first), the rollout restarts, and the resources in detail by
 * importance: the control plane, webhooks and gateways before namespaces, Flux files and CRDs. A resource that does
 * not fit whole is shown without its line diffs, and one that does not fit at all is counted; both point to the full
 * report, written beside it ({@link #fullReport}), which has everything. Objects that only move version labels are
 * folded into one line per environment, and a CRD is summarised ({@link CrdChange}), never shown as raw schema.
 */
public final class DiffReport {

    /** What report.md holds at most, in characters, unless told otherwise: a GitHub comment takes 65,536. */
    public static final int DEFAULT_BUDGET = 60_000;
    /** The smallest budget that still holds the first screen of a report. */
    public static final int SMALLEST_BUDGET = 4_000;
    /** At most this many findings are listed in the budgeted report. */
    static final int LISTED_FINDINGS = 50;

    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private static final Pattern BACKTICKS = Pattern.compile("`+");
    private static final String FOOTER_ROOM = " ".repeat(700);

    /** How much of each thing a rendering shows: everything (the full report), or a share of the budget. */
    private record Limits(int rows, int fields, int diffLines, int listed, boolean lineDiffs) {
        static final Limits FULL = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, true);
        static final Limits NORMAL = new Limits(100, 40, 150, 20, true);
        static final Limits COMPACT = new Limits(100, 10, 0, 5, false);

        boolean full() {
            return this == FULL;
        }
    }

    private DiffReport() {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The terminal

    /** The diff for a terminal: per environment its counts, then a line per resource and per changed field. */
    public static List<String> terminal(TreeDiff diff, boolean colour) {
        List<String> out = new ArrayList<>();
        if (diff.isEmpty()) {
            out.add("no change against " + diff.base());
        }
        diff.changes().forEach((env, changes) -> {
            out.add("environment " + env + ": " + diff.count(env, ResourceChange.Type.ADDED) + " added, "
                    + diff.count(env, ResourceChange.Type.CHANGED) + " changed, "
                    + diff.count(env, ResourceChange.Type.REMOVED) + " removed (against " + diff.base() + ")");
            folded(changes).ifPresent(line -> out.add("  = " + line));
            for (ResourceChange c : changes) {
                if (c.onlyVersionLabels()) {
                    continue;
                }
                String sign = switch (c.type()) {
                    case ADDED -> paint("+", GREEN, colour);
                    case REMOVED -> paint("-", RED, colour);
                    case CHANGED -> paint("~", YELLOW, colour);
                };
                out.add("  " + sign + " " + c.kind() + " " + c.name() + "  (" + c.file() + ")");
                departure(diff, env, c).ifPresent(d -> out.add("      " + paint("! " + d.fate(),
                        d.deletes() ? RED : YELLOW, colour)));
                c.crd().ifPresent(crd -> crdLines(crd, Limits.FULL, false).forEach(line -> out.add("      " + line)));
                for (FieldChange f : c.shownFields()) {
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
                if (c.versionLabels() > 0) {
                    out.add("      (and " + plural(c.versionLabels(), "version label") + ")");
                }
            }
        });
        for (Restart r : diff.restarts()) {
            out.add((r.workload().isEmpty() ? "restart" : "rollout") + ": environment " + r.environment()
                    + ", namespace " + r.namespace() + (r.workload().isEmpty() ? "" : ", " + r.workload()) + ": "
                    + r.why());
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

    /** The one line for an environment's objects that only move version labels, if it has any. */
    private static Optional<String> folded(List<ResourceChange> changes) {
        List<ResourceChange> only = changes.stream().filter(ResourceChange::onlyVersionLabels).toList();
        if (only.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> keys = new TreeSet<>();
        only.forEach(c -> c.fields().forEach(f -> keys.add(VersionLabels.key(f))));
        return Optional.of(plural(only.size(), "object") + " only move" + (only.size() == 1 ? "s" : "")
                + " version labels (" + String.join(", ", keys) + "), not listed");
    }

    /** A CRD's change in lines: versions, schema fields, CEL rules and constraints; lists cut at the limit. */
    private static List<String> crdLines(CrdChange crd, Limits limits, boolean markdown) {
        List<String> out = new ArrayList<>();
        out.add(crd.versionsChange()
                ? "served " + versions(crd.servedBefore()) + " -> " + versions(crd.servedAfter()) + ", storage "
                        + orNone(crd.storageBefore()) + " -> " + orNone(crd.storageAfter())
                : "served " + versions(crd.servedAfter()) + ", storage " + orNone(crd.storageAfter()) + " (unchanged)");
        list(out, "schema fields added", fields(crd.fieldsAdded()), crd.fieldsAdded().size(), limits, markdown);
        list(out, "schema fields removed", fields(crd.fieldsRemoved()), crd.fieldsRemoved().size(), limits,
                markdown);
        list(out, "CEL rules added", plain(crd.rulesAdded()), crd.rulesAdded().size(), limits, markdown);
        list(out, "CEL rules removed", plain(crd.rulesRemoved()), crd.rulesRemoved().size(), limits, markdown);
        List<String[]> constrained = new ArrayList<>();
        crd.constraints().forEach((field, keys) -> constrained.add(new String[] {field, " (" + String.join(", ",
                keys) + ")"}));
        list(out, "constraints changed", constrained, constrained.size(), limits, markdown);
        if (!crd.schemaChanges() && !crd.versionsChange()) {
            out.add("schema: only descriptions change");
        }
        return out;
    }

    /** The topmost fields ({@link CrdChange#topmost}), each with how many fields lie under it. */
    private static List<String[]> fields(List<String> fields) {
        return CrdChange.topmost(fields).entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue() == 0
                ? "" : " (and " + e.getValue() + " under it)"}).toList();
    }

    private static List<String[]> plain(List<String> items) {
        return items.stream().map(item -> new String[] {item, ""}).toList();
    }

    /** A list on one line: each item as code in Markdown, followed by its remark. */
    private static void list(List<String> out, String what, List<String[]> items, int count, Limits limits,
            boolean markdown) {
        if (items.isEmpty()) {
            return;
        }
        List<String> shown = items.stream().limit(limits.listed()).map(item -> (markdown ? "`" + code(item[0]) + "`"
                : item[0]) + item[1]).toList();
        out.add(what + " (" + count + "): " + String.join(markdown ? ", " : "; ", shown)
                + (items.size() > shown.size() ? (markdown ? ", " : "; ") + "… and " + (items.size() - shown.size())
                        + " more" : ""));
    }

    private static String versions(List<String> versions) {
        return versions.isEmpty() ? "none" : String.join(", ", versions);
    }

    private static String orNone(String version) {
        return version.isEmpty() ? "none" : version;
    }

    /** What a line diff does, in words: {@code text changed, 12 lines added, 5 removed}. */
    static String lineCounts(FieldChange f) {
        long added = f.linesAdded();
        long removed = f.linesRemoved();
        return "text changed, " + plural(added, "line") + " added, " + removed + " removed";
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The Markdown report

    /** The report for a pull request within {@link #DEFAULT_BUDGET}, pointing to {@code report-full.md}. */
    public static String markdown(TreeDiff diff, Mesh mesh, List<Diagnostic> findings) {
        return markdown(diff, mesh, findings, DEFAULT_BUDGET, "report-full.md");
    }

    /**
     * The report for a pull request, at most {@code budget} characters whatever the change's size.
     *
     * @param fullName the file name of the full report beside it, which what does not fit points to
     */
    public static String markdown(TreeDiff diff, Mesh mesh, List<Diagnostic> findings, int budget,
            String fullName) {
        if (budget < SMALLEST_BUDGET) {
            throw new IllegalArgumentException("a report budget of " + budget + " characters is below "
                    + SMALLEST_BUDGET);
        }
        return new Writer(diff, mesh, findings, budget, fullName).budgeted();
    }

    /** The report with everything in it: every resource, field, line diff, finding and restart. */
    public static String full(TreeDiff diff, Mesh mesh, List<Diagnostic> findings) {
        return new Writer(diff, mesh, findings, Integer.MAX_VALUE, "").full();
    }

    /** Where the full report of {@code report} goes: beside it, {@code report.md} giving {@code report-full.md}. */
    public static Path fullReport(Path report) {
        String name = report.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String full = dot > 0 ? name.substring(0, dot) + "-full" + name.substring(dot) : name + "-full";
        return report.resolveSibling(full);
    }

    /**
     * Writes the report within {@code budget} to {@code report}, and the full report beside it
     * ({@link #fullReport}), each atomically.
     *
     * @return the files written: the report, then the full report
     */
    public static List<Path> write(Path report, TreeDiff diff, Mesh mesh, List<Diagnostic> findings, int budget)
            throws IOException {
        Path full = fullReport(report);
        java.nio.file.Files.createDirectories(report.toAbsolutePath().getParent());
        AtomicFiles.write(report, markdown(diff, mesh, findings, budget, full.getFileName().toString()));
        AtomicFiles.write(full, full(diff, mesh, findings));
        return List.of(report, full);
    }

    /** Renders one report. */
    private static final class Writer {

        private final TreeDiff diff;
        private final Mesh mesh;
        private final List<Diagnostic> findings;
        private final int budget;
        private final String fullName;

        Writer(TreeDiff diff, Mesh mesh, List<Diagnostic> findings, int budget, String fullName) {
            this.diff = diff;
            this.mesh = mesh;
            this.findings = findings;
            this.budget = budget;
            this.fullName = fullName;
        }

        String full() {
            StringBuilder md = new StringBuilder();
            head(Limits.FULL).values().forEach(md::append);
            if (!diff.isEmpty()) {
                md.append("\n## Details\n");
                diff.changes().forEach((env, changes) -> {
                    List<String> entries = ranked(env, changes).stream().map(c -> entry(env, c, Limits.FULL))
                            .toList();
                    envDetails(md, env, changes, entries);
                });
            }
            return md.toString();
        }

        String budgeted() {
            Map<String, String> head = head(Limits.NORMAL);
            int headLength = head.values().stream().mapToInt(String::length).sum();
            int room = budget - FOOTER_ROOM.length();
            List<String> cutSections = new ArrayList<>();
            List<String> cutKeys = new ArrayList<>();
            // A head too long for the budget (thousands of restarts, say) loses its longest sections first, each
            // replaced by a line that says where it is; the first screen always stays.
            while (headLength > room * 2 / 3) {
                Optional<String> longest = head.entrySet().stream().filter(e -> !e.getKey().equals("glance")
                        && !e.getKey().equals("title") && !cutKeys.contains(e.getKey()))
                        .max(Comparator.comparingInt(e -> e.getValue().length())).map(Map.Entry::getKey);
                if (longest.isEmpty()) {
                    break;
                }
                String title = head.get(longest.get()).lines().filter(l -> l.startsWith("## ")).findFirst()
                        .orElse("## " + longest.get());
                String pointer = "\n" + title + "\n\n_" + title.substring(3) + ": too long for this comment; see `"
                        + fullName + "`._\n";
                head.put(longest.get(), pointer);
                cutKeys.add(longest.get());
                cutSections.add(title.substring(3));
                headLength = head.values().stream().mapToInt(String::length).sum();
            }
            StringBuilder md = new StringBuilder();
            head.values().forEach(md::append);
            if (diff.isEmpty()) {
                return md.toString();
            }
            md.append("\n## Details\n");
            // Every environment's frame is paid for first, then resources by importance while they fit.
            // By environment and resource: two environments may change a resource the same way.
            Map<Ranked, String> rendered = new LinkedHashMap<>();
            int frames = 0;
            for (Map.Entry<String, List<ResourceChange>> env : diff.changes().entrySet()) {
                StringBuilder frame = new StringBuilder();
                envDetails(frame, env.getKey(), env.getValue(), List.of());
                frames += frame.length();
            }
            int left = room - md.length() - frames;
            int cut = 0;
            int compacted = 0;
            for (Ranked r : rankedAll()) {
                // Whole when it fits and takes at most a third of the budget (one long template diff must not
                // crowd out everything after it), else with its lists and diffs cut, else by its fields alone.
                String whole = entry(r.env(), r.change(), Limits.FULL);
                String chosen = whole.length() <= Math.min(left, budget / 3) ? whole : null;
                for (Limits limits : List.of(Limits.NORMAL, Limits.COMPACT)) {
                    if (chosen == null) {
                        String cutDown = entry(r.env(), r.change(), limits);
                        if (cutDown.length() <= left) {
                            chosen = cutDown;
                            compacted++;
                        }
                    }
                }
                if (chosen == null) {
                    cut++;
                    continue;
                }
                left -= chosen.length();
                rendered.put(r, chosen);
            }
            diff.changes().forEach((env, changes) -> envDetails(md, env, changes, ranked(env, changes).stream()
                    .map(c -> rendered.get(new Ranked(env, c))).filter(e -> e != null).toList()));
            if (cut > 0 || compacted > 0 || !cutSections.isEmpty()) {
                md.append("\n**Not shown here**:");
                if (cut > 0) {
                    md.append(' ').append(plural(cut, "resource")).append(" not in the details");
                }
                if (compacted > 0) {
                    md.append(cut > 0 ? ";" : "").append(' ').append(plural(compacted, "resource"))
                            .append(" shown in part (line diffs, fields or lists cut)");
                }
                if (!cutSections.isEmpty()) {
                    md.append(cut > 0 || compacted > 0 ? ";" : "").append(" the sections ")
                            .append(String.join(", ", cutSections));
                }
                md.append(". The full report, `").append(fullName).append("` beside this one (keep it as a CI"
                        + " artifact), has everything; `mvn istiodsl:diff` prints it all.\n");
            }
            return md.length() <= budget ? md.toString() : hardCut(md.toString());
        }

        /** The last resort, never met with the limits above: cut at a line, and say so. */
        private String hardCut(String md) {
            String note = "\n\n**Cut here** to fit " + budget + " characters: see `" + fullName + "`.\n";
            int at = md.lastIndexOf('\n', budget - note.length());
            return md.substring(0, Math.max(at, 0)) + note;
        }

        /** The sections before the details, by name, in their order. */
        private Map<String, String> head(Limits limits) {
            Map<String, String> out = new LinkedHashMap<>();
            StringBuilder title = new StringBuilder("# istiodsl: what this change does to the clusters\n\n");
            title.append("Compared with `").append(diff.base()).append("`.");
            title.append(diff.isEmpty() ? " The compiled tree is the same: no cluster changes.\n" : "\n");
            out.put("title", title.toString());
            out.put("glance", glance(limits));
            out.put("summary", summary());
            out.put("promotion", promotion());
            out.put("findings", findingsSection(limits));
            out.put("restarts", restarts(limits));
            out.put("departures", departures(limits));
            return out;
        }

        /** The first screen: what changes where, what restarts, what is risky. */
        private String glance(Limits limits) {
            StringBuilder md = new StringBuilder("\n## At a glance\n\n");
            if (!diff.isEmpty()) {
                md.append("**What changes where**\n\n");
                diff.changes().forEach((env, changes) -> md.append("- **").append(env).append("**: ")
                        .append(escape(String.join("; ", parts(changes)))).append('\n'));
                md.append('\n');
            }
            md.append("**What must restart**: ");
            if (diff.restarts().isEmpty()) {
                md.append("nothing.\n\n");
            } else {
                md.append(plural(diff.restarts().size(), "restart")).append(" (why: see Rollout restarts)\n\n");
                Map<String, List<String>> byEnv = new TreeMap<>();
                diff.restarts().forEach(r -> byEnv.computeIfAbsent(r.environment(), e -> new ArrayList<>())
                        .add(r.workload().isEmpty() ? "`" + r.namespace() + "`" : "`" + r.namespace() + "` "
                                + r.workload().replace("Deployment ", "Deployment `") + "`"));
                byEnv.forEach((env, what) -> md.append("- **").append(env).append("**: ")
                        .append(String.join(", ", what.stream().limit(Math.min(limits.rows(), 20)).toList()))
                        .append(what.size() > Math.min(limits.rows(), 20) ? ", … and "
                                + (what.size() - Math.min(limits.rows(), 20)) + " more" : "").append('\n'));
                md.append('\n');
            }
            long errors = count(Severity.ERROR);
            long warnings = count(Severity.WARNING);
            List<Diagnostic> suppressed = findings.stream().filter(d -> d.severity() == Severity.SUPPRESSED)
                    .toList();
            md.append("**What is risky**: ").append(plural(errors, "error")).append(", ")
                    .append(plural(warnings, "warning")).append(", ").append(suppressed.size())
                    .append(" suppressed").append(errors + warnings + suppressed.size() == 0 ? ".\n" : ":\n\n");
            int shown = Math.min(limits.rows(), 10);
            // One line per rule, errors first: the first of its findings stands for the others.
            Map<String, List<Diagnostic>> byRule = new LinkedHashMap<>();
            risky().forEach(d -> byRule.computeIfAbsent(d.severity() + " " + d.id(), k -> new ArrayList<>()).add(d));
            byRule.values().stream().limit(shown).forEach(ds -> md.append("- ").append(finding(ds.get(0), 200))
                    .append(ds.size() > 1 ? " (and " + (ds.size() - 1) + " more like it)" : "").append('\n'));
            if (byRule.size() > shown) {
                md.append("- … and ").append(byRule.size() - shown).append(" more rules under Validation\n");
            }
            Map<String, Integer> reasons = new TreeMap<>();
            suppressed.forEach(d -> reasons.merge("`" + d.id() + "`, suppressed: " + escape(d.suppression()), 1,
                    Integer::sum));
            reasons.entrySet().stream().limit(shown).forEach(e -> md.append("- ").append(e.getKey())
                    .append(e.getValue() > 1 ? " (" + e.getValue() + " findings)" : "").append('\n'));
            if (reasons.size() > shown) {
                md.append("- … and ").append(reasons.size() - shown).append(" more suppressions under Validation\n");
            }
            return md.toString();
        }

        /** An environment's changes by part of the tree: control planes, gateways, tags, CRDs, the rest. */
        private List<String> parts(List<ResourceChange> changes) {
            Map<String, int[]> byPart = new LinkedHashMap<>();
            Map<String, List<String>> names = new TreeMap<>();
            int folded = 0;
            for (ResourceChange c : changes.stream().sorted(Comparator.comparingInt(DiffReport::rank)).toList()) {
                if (c.onlyVersionLabels()) {
                    folded++;
                    continue;
                }
                byPart.computeIfAbsent(part(c), p -> new int[3])[c.type().ordinal()]++;
                if (c.kind().equals("Namespace")) {
                    names.computeIfAbsent(part(c), p -> new ArrayList<>()).add(c.name());
                }
            }
            List<String> out = new ArrayList<>();
            byPart.forEach((part, n) -> {
                int total = n[0] + n[1] + n[2];
                String what = n[0] == total ? "added" : n[1] == total ? "removed" : n[2] == total ? "changed"
                        : String.join(", ", List.of(n[0] > 0 ? n[0] + " added" : "", n[2] > 0 ? n[2] + " changed"
                                : "", n[1] > 0 ? n[1] + " removed" : "").stream().filter(s -> !s.isEmpty())
                                .toList());
                List<String> named = names.getOrDefault(part, List.of());
                out.add(part + " " + what + " (" + (named.isEmpty() || named.size() > 5 ? plural(total, "object")
                        : String.join(", ", named)) + ")");
            });
            if (folded > 0) {
                out.add(plural(folded, "object") + " only move" + (folded == 1 ? "s" : "") + " version labels");
            }
            return out;
        }

        private String summary() {
            if (diff.isEmpty()) {
                return "";
            }
            StringBuilder md = new StringBuilder("\n## Summary per environment\n\n| environment | added | changed |"
                    + " removed | only version labels | restarts |\n|---|---:|---:|---:|---:|---:|\n");
            diff.changes().keySet().forEach(env -> md.append("| ").append(env).append(" | ")
                    .append(diff.count(env, ResourceChange.Type.ADDED)).append(" | ")
                    .append(diff.count(env, ResourceChange.Type.CHANGED)).append(" | ")
                    .append(diff.count(env, ResourceChange.Type.REMOVED)).append(" | ")
                    .append(diff.changes().get(env).stream().filter(ResourceChange::onlyVersionLabels).count())
                    .append(" | ").append(diff.restarts().stream().filter(r -> r.environment().equals(env)).count())
                    .append(" |\n"));
            diff.changes().forEach((env, changes) -> {
                md.append("\n**").append(env).append("**, per kind\n\n| kind | added | changed | removed |\n"
                        + "|---|---:|---:|---:|\n");
                Map<String, int[]> byKind = new TreeMap<>();
                changes.forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new int[3])[c.type().ordinal()]++);
                byKind.forEach((kind, n) -> md.append("| ").append(kind).append(" | ").append(n[0]).append(" | ")
                        .append(n[2]).append(" | ").append(n[1]).append(" |\n"));
            });
            return md.toString();
        }

        /** The promotion chain, each environment with its revisions and tags, as a Mermaid flowchart. */
        private String promotion() {
            StringBuilder md = new StringBuilder("\n## Promotion\n\n```mermaid\nflowchart LR\n");
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
            return md.append("```\n").toString();
        }

        private long count(Severity severity) {
            return findings.stream().filter(d -> d.severity() == severity).count();
        }

        /** Errors, then warnings, each in the order found. */
        private List<Diagnostic> risky() {
            List<Diagnostic> out = new ArrayList<>(findings.stream().filter(Diagnostic::isError).toList());
            out.addAll(findings.stream().filter(d -> d.severity() == Severity.WARNING).toList());
            return out;
        }

        private String findingsSection(Limits limits) {
            List<Diagnostic> shown = risky();
            List<Diagnostic> suppressed = findings.stream().filter(d -> d.severity() == Severity.SUPPRESSED)
                    .toList();
            StringBuilder md = new StringBuilder("\n## Validation\n\n");
            if (shown.isEmpty()) {
                md.append("No errors or warnings");
            } else {
                md.append(plural(count(Severity.ERROR), "error")).append(", ")
                        .append(plural(count(Severity.WARNING), "warning"));
            }
            md.append(!suppressed.isEmpty() ? "; " + suppressed.size() + " findings suppressed with a reason.\n"
                    : ".\n");
            // An overridden soak gate is an emergency someone vouched for: the reviewer sees each one and its reason.
            List<Diagnostic> overrides = suppressed.stream().filter(d -> SoakGate.IDS.contains(d.id())).toList();
            if (!overrides.isEmpty()) {
                md.append("\n**Soak gates overridden** (").append(overrides.size()).append("):\n\n");
                overrides.forEach(d -> md.append("- `").append(d.id()).append("`")
                        .append(d.location() == null ? "" : " at `" + d.location() + "`").append(": ")
                        .append(escape(d.message())).append("  \n  **reason:** ").append(escape(d.suppression()))
                        .append('\n'));
            }
            int listed = limits.full() ? Integer.MAX_VALUE : LISTED_FINDINGS;
            if (!shown.isEmpty()) {
                md.append('\n');
                shown.stream().limit(listed).forEach(d -> md.append("- ").append(finding(d)).append('\n'));
                if (shown.size() > listed) {
                    md.append("- … and ").append(shown.size() - listed).append(" more (see `").append(fullName)
                            .append("`, or run `mvn istiodsl:validate`)\n");
                }
            }
            List<Diagnostic> others = suppressed.stream().filter(d -> !SoakGate.IDS.contains(d.id())).toList();
            if (!others.isEmpty()) {
                md.append("\n**Suppressed**, with their reasons:\n\n");
                others.stream().limit(listed).forEach(d -> md.append("- `").append(d.id()).append("`")
                        .append(d.environment() == null ? "" : " (" + d.environment() + ")")
                        .append(d.location() == null ? "" : " at `" + d.location() + "`").append(": ")
                        .append(escape(d.message())).append(" — **reason:** ").append(escape(d.suppression()))
                        .append('\n'));
                if (others.size() > listed) {
                    md.append("- … and ").append(others.size() - listed).append(" more (see `").append(fullName)
                            .append("`)\n");
                }
            }
            return md.toString();
        }

        private static String finding(Diagnostic d) {
            return finding(d, Integer.MAX_VALUE);
        }

        /** A finding on one line, its message cut to {@code length} characters. */
        private static String finding(Diagnostic d, int length) {
            String message = d.message().length() > length ? d.message().substring(0, length - 1) + "…"
                    : d.message();
            return "**" + d.severity().name().toLowerCase(Locale.ROOT) + "** `" + d.id() + "`"
                    + (d.location() == null ? "" : " at `" + d.location() + "`") + ": " + escape(message);
        }

        private String restarts(Limits limits) {
            StringBuilder md = new StringBuilder("\n## Rollout restarts\n\n");
            if (diff.restarts().isEmpty()) {
                return md.append("Nothing needs a restart.\n").toString();
            }
            md.append("Sidecars are injected when a pod starts, and a proxy reads its configuration when it starts:"
                    + " restart these once the change is applied (a Deployment whose pod template changes rolls"
                    + " by itself).\n\n| environment | namespace | what | why |\n|---|---|---|---|\n");
            diff.restarts().stream().limit(limits.rows()).forEach(r -> md.append("| ").append(r.environment())
                    .append(" | ").append(r.namespace()).append(" | ").append(escape(r.what())).append(" | ")
                    .append(escape(r.why())).append(" |\n"));
            if (diff.restarts().size() > limits.rows()) {
                md.append("\n… and ").append(diff.restarts().size() - limits.rows()).append(" more in `")
                        .append(fullName).append("`.\n");
            }
            return md.toString();
        }

        /** Namespaces never go with the tree: what the cluster does with each one that leaves it, or its binding. */
        private String departures(Limits limits) {
            if (diff.departures().isEmpty()) {
                return "";
            }
            StringBuilder md = new StringBuilder("\n## Namespaces that leave the tree or their binding\n\n"
                    + "| environment | namespace | what happens | what to do |\n|---|---|---|---|\n");
            List<String> rows = new ArrayList<>();
            diff.departures().forEach((env, departures) -> departures.forEach(d -> rows.add("| " + env + " | "
                    + d.namespace() + " | " + (d.deletes() ? "**" + escape(d.fate()) + "**" : escape(d.fate()))
                    + " | " + escape(d.followUp()) + " |\n")));
            rows.stream().limit(limits.rows()).forEach(md::append);
            if (rows.size() > limits.rows()) {
                md.append("\n… and ").append(rows.size() - limits.rows()).append(" more in `").append(fullName)
                        .append("`.\n");
            }
            return md.toString();
        }

        private record Ranked(String env, ResourceChange change) {
        }

        /** Every environment's resources in the details, most important first, environments taking turns. */
        private List<Ranked> rankedAll() {
            List<Ranked> out = new ArrayList<>();
            diff.changes().forEach((env, changes) -> ranked(env, changes).forEach(c -> out.add(new Ranked(env, c))));
            out.sort(Comparator.comparingInt((Ranked r) -> rank(r.change())));
            return out;
        }

        /** The resources of one environment shown in the details, by importance then file. */
        private static List<ResourceChange> ranked(String env, List<ResourceChange> changes) {
            return changes.stream().filter(c -> !c.onlyVersionLabels())
                    .sorted(Comparator.comparingInt(DiffReport::rank).thenComparing(ResourceChange::file)).toList();
        }

        /** The frame of an environment's details with the given entries in it. */
        private void envDetails(StringBuilder md, String env, List<ResourceChange> changes, List<String> entries) {
            md.append("\n<details><summary>").append(env).append(": ").append(plural(changes.size(), "resource"))
                    .append("</summary>\n\n");
            folded(changes).ifPresent(line -> md.append("- ").append(line).append('\n'));
            entries.forEach(md::append);
            long hidden = ranked(env, changes).size() - entries.size();
            if (hidden > 0 && !entries.isEmpty()) {
                md.append("- … and ").append(plural(hidden, "more resource")).append(" in `").append(fullName)
                        .append("`\n");
            } else if (hidden > 0) {
                md.append("- ").append(plural(hidden, "resource")).append(" in `").append(fullName).append("`\n");
            }
            md.append("\n</details>\n");
        }

        /** One resource of the details. */
        private String entry(String env, ResourceChange c, Limits limits) {
            StringBuilder md = new StringBuilder();
            String sign = switch (c.type()) {
                case ADDED -> "added";
                case REMOVED -> "removed";
                case CHANGED -> "changed";
            };
            md.append("- ").append(sign).append(" **").append(c.kind()).append("** `").append(c.name())
                    .append("` (`").append(c.file()).append("`)")
                    .append(departure(diff, env, c).map(d -> ": " + escape(d.fate())).orElse("")).append('\n');
            c.crd().ifPresent(crd -> crdLines(crd, limits, true).forEach(line -> md.append("  - ").append(line)
                    .append('\n')));
            List<FieldChange> fields = c.shownFields();
            fields.stream().limit(limits.fields()).forEach(f -> {
                md.append("  - `").append(f.path()).append("`: ").append(f.isText() ? lineCounts(f)
                        : f.added() ? "new `" + code(f.after()) + "`"
                        : f.removed() ? "gone (was `" + code(f.before()) + "`)"
                        : "`" + code(f.before()) + "` → `" + code(f.after()) + "`");
                if (f.isText() && limits.lineDiffs()) {
                    md.append('\n');
                    List<String> lines = f.lines();
                    fenced(md, "    ", lines.stream().limit(limits.diffLines()).toList());
                    if (lines.size() > limits.diffLines()) {
                        md.append("    … and ").append(lines.size() - limits.diffLines())
                                .append(" more lines of diff in `").append(fullName).append("`\n");
                    }
                } else if (f.isText()) {
                    md.append(" (line diff in `").append(fullName).append("`)\n");
                } else {
                    md.append('\n');
                }
            });
            if (fields.size() > limits.fields()) {
                md.append("  - … and ").append(fields.size() - limits.fields()).append(" more fields\n");
            }
            if (c.versionLabels() > 0 && !c.onlyVersionLabels()) {
                md.append("  - and ").append(plural(c.versionLabels(), "version label")).append('\n');
            }
            return md.toString();
        }
    }

    /**
     * How much a resource matters to a reviewer, lowest first: the control plane, webhooks, gateways, then namespaces
     * and other shared objects, tags, Flux and other files, and CRDs last.
     */
    static int rank(ResourceChange c) {
        if (c.kind().endsWith("WebhookConfiguration")) {
            return 1;
        }
        if (c.file().startsWith("revisions/")) {
            return c.kind().equals("Kustomization") || c.kind().equals("file") ? 6 : 0;
        }
        if (c.file().startsWith("gateways/")) {
            return c.kind().equals("Kustomization") || c.kind().equals("file") ? 6 : 2;
        }
        if (c.kind().equals("CustomResourceDefinition")) {
            return 7;
        }
        if (c.file().startsWith("base/")) {
            return 3;
        }
        if (c.file().startsWith("tags/")) {
            return 4;
        }
        return 6;
    }

    /** The part of an environment a resource belongs to, in words. */
    static String part(ResourceChange c) {
        String[] path = c.file().split("/");
        if (path[0].equals("revisions") && path.length > 2) {
            return "control plane " + path[1];
        }
        if (path[0].equals("gateways") && path.length > 3) {
            return "gateway " + path[1] + " " + path[2];
        }
        if (path[0].equals("tags") && path.length > 2) {
            return "tag " + path[1];
        }
        if (c.kind().equals("CustomResourceDefinition")) {
            return "CRDs";
        }
        if (c.kind().equals("Namespace")) {
            return "namespaces";
        }
        if (path[0].equals("base")) {
            return "shared objects";
        }
        if (path[0].equals("flux")) {
            return "Flux";
        }
        return "other files";
    }

    private static String id(String env) {
        return "env_" + env.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String soak(java.time.Duration soak) {
        long hours = soak.toHours();
        return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }

    /** A line diff as a fenced {@code diff} block, indented to sit under a list item. */
    static void fenced(StringBuilder md, String indent, List<String> lines) {
        int longest = 2;
        for (String line : lines) {
            Matcher run = BACKTICKS.matcher(line);
            while (run.find()) {
                longest = Math.max(longest, run.group().length());
            }
        }
        String fence = "`".repeat(longest + 1);
        md.append(indent).append(fence).append("diff\n");
        lines.forEach(line -> md.append(indent).append(line).append('\n'));
        md.append(indent).append(fence).append('\n');
    }

    private static String code(String text) {
        return text.replace("`", "'");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;");
    }
}
