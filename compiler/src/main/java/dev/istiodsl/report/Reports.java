package dev.istiodsl.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.json.Json;
import dev.istiodsl.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The findings of a run, three ways: grouped per environment for the console, as JSON for tools, and as JUnit XML so
 * CI systems list them with their tests. Diagnostics about no environment in particular (syntax, binding, the mesh
 * as a whole) form the group {@value #MESH}.
 */
public final class Reports {

    /** The group of diagnostics that belong to no environment. */
    public static final String MESH = "mesh";

    public static final String JSON_FILE = "istiodsl-findings.json";
    public static final String JUNIT_FILE = "TEST-istiodsl.xml";

    private Reports() {
    }

    /** The diagnostics per group: {@value #MESH} first, then each environment by name; each group sorted. */
    public static Map<String, List<Diagnostic>> byEnvironment(CompileResult result) {
        Map<String, List<Diagnostic>> groups = new LinkedHashMap<>();
        groups.put(MESH, new ArrayList<>());
        Map<String, List<Diagnostic>> environments = new TreeMap<>();
        result.mesh().ifPresent(mesh -> mesh.environments().keySet().forEach(e -> environments.put(e,
                new ArrayList<>())));
        for (Diagnostic d : result.diagnostics()) {
            (d.environment() == null ? groups.get(MESH)
                    : environments.computeIfAbsent(d.environment(), e -> new ArrayList<>())).add(d);
        }
        groups.putAll(environments);
        return groups;
    }

    /** How many diagnostics of each severity, every severity present (zero included). */
    public static Map<Severity, Integer> counts(List<Diagnostic> diagnostics) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        diagnostics.forEach(d -> counts.merge(d.severity(), 1, Integer::sum));
        return counts;
    }

    /** {@code 1 error, 2 warnings, 0 notes, 1 suppressed}. */
    public static String countsLine(List<Diagnostic> diagnostics) {
        Map<Severity, Integer> counts = counts(diagnostics);
        return plural(counts.get(Severity.ERROR), "error") + ", " + plural(counts.get(Severity.WARNING), "warning")
                + ", " + plural(counts.get(Severity.NOTE), "note") + ", " + counts.get(Severity.SUPPRESSED)
                + " suppressed";
    }

    /** The JSON report: a summary per group, then every finding, in diagnostic order. */
    public static String json(CompileResult result) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("tool", "istiodsl");
        ObjectNode summary = root.putObject("summary");
        byEnvironment(result).forEach((group, diagnostics) -> {
            ObjectNode counts = summary.putObject(group);
            counts(diagnostics).forEach((severity, n) -> counts.put(severity.name().toLowerCase(java.util.Locale.ROOT), n));
        });
        ArrayNode findings = root.putArray("findings");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode f = findings.addObject();
            f.put("id", d.id()).put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
            f.put("environment", d.environment() == null ? MESH : d.environment());
            if (d.location() != null) {
                f.put("file", d.location().file()).put("line", d.location().line())
                        .put("column", d.location().column());
            }
            f.put("message", d.message());
            if (d.hint() != null) {
                f.put("hint", d.hint());
            }
            if (d.suppression() != null) {
                f.put("suppressed", d.suppression());
            }
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).replace("\r\n", "\n") + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JUnit XML: a test suite per group, a test case per finding. Errors fail their test case, suppressed findings are
     * skipped with their reason, warnings and notes pass with their text as output. A group without errors also has
     * a passing case, {@code clean}, so every suite shows up.
     */
    public static String junit(CompileResult result) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Map<String, List<Diagnostic>> groups = byEnvironment(result);
        int total = 0;
        int failures = 0;
        int skipped = 0;
        StringBuilder suites = new StringBuilder();
        for (Map.Entry<String, List<Diagnostic>> group : groups.entrySet()) {
            List<Diagnostic> diagnostics = group.getValue();
            Map<Severity, Integer> counts = counts(diagnostics);
            boolean clean = counts.get(Severity.ERROR) == 0;
            int tests = diagnostics.size() + (clean ? 1 : 0);
            total += tests;
            failures += counts.get(Severity.ERROR);
            skipped += counts.get(Severity.SUPPRESSED);
            String suite = "istiodsl." + group.getKey();
            suites.append("  <testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(tests)
                    .append("\" failures=\"").append(counts.get(Severity.ERROR)).append("\" errors=\"0\" skipped=\"")
                    .append(counts.get(Severity.SUPPRESSED)).append("\">\n");
            for (Diagnostic d : diagnostics) {
                suites.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"")
                        .append(attr(caseName(d))).append("\">\n");
                String text = d.message() + (d.hint() == null ? "" : "\nhint: " + d.hint());
                switch (d.severity()) {
                    case ERROR -> suites.append("      <failure type=\"").append(attr(d.id())).append("\" message=\"")
                            .append(attr(d.message())).append("\">").append(text(text)).append("</failure>\n");
                    case SUPPRESSED -> suites.append("      <skipped message=\"").append(attr("suppressed: "
                            + d.suppression())).append("\"/>\n");
                    default -> suites.append("      <system-out>").append(text(d.severity() + ": " + text))
                            .append("</system-out>\n");
                }
                suites.append("    </testcase>\n");
            }
            if (clean) {
                suites.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"clean\"/>\n");
            }
            suites.append("  </testsuite>\n");
        }
        xml.append("<testsuites name=\"istiodsl\" tests=\"").append(total).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n").append(suites)
                .append("</testsuites>\n");
        return xml.toString();
    }

    /** Writes both reports into {@code directory}, each file replaced whole. */
    public static List<Path> write(Path directory, CompileResult result) {
        try {
            Files.createDirectories(directory);
            return List.of(AtomicFiles.write(directory.resolve(JSON_FILE), json(result)),
                    AtomicFiles.write(directory.resolve(JUNIT_FILE), junit(result)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports into " + directory, e);
        }
    }


    /** Unique enough for CI listings: the id, the place, and the start of the message. */
    private static String caseName(Diagnostic d) {
        String message = d.message().length() > 120 ? d.message().substring(0, 119) + "\u2026" : d.message();
        return d.id() + (d.location() == null ? "" : " " + d.location()) + ": " + message;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String attr(String text) {
        return text(text).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** XML character data: the three special characters escaped, and characters XML 1.0 cannot hold dropped. */
    private static String text(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (c == '\n' || c == '\t' || c == '\r' || c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
