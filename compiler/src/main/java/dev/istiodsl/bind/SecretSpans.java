package dev.istiodsl.bind;

import dev.istiodsl.diag.Redaction;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.resource.Secrets;
import dev.istiodsl.source.SourceFile;

/**
 * Finds the Secret values written in a parsed file and registers them with the run's {@link Redaction}: the
 * {@code data} and {@code stringData} of a {@code resource { kind: Secret ... }}, and the values that
 * {@code patch Secret} and {@code merge Secret} write there. It runs on every file as soon as it is parsed, before
 * anything can quote its lines, and also when the file has syntax errors (on what the parser recovered).
 */
final class SecretSpans {

    private final String[] lines;
    private final Redaction redaction;

    private SecretSpans(SourceFile source, Redaction redaction) {
        this.lines = source.lines();
        this.redaction = redaction;
    }

    static void register(SourceFile source, Ast.File ast, Redaction redaction) {
        SecretSpans spans = new SecretSpans(source, redaction);
        for (Ast.Member member : ast.members()) {
            if (member instanceof Ast.Overlay overlay) {
                overlay.ops().forEach(spans::op);
            }
        }
    }

    private void op(Ast.OverlayOp op) {
        if (op instanceof Ast.AddResource add) {
            add.resource().filter(SecretSpans::isSecret).ifPresent(body -> walk(body, ""));
        } else if (op instanceof Ast.Patch patch && selectsSecrets(patch.selector())) {
            patch.ops().forEach(o -> o.value().ifPresent(value -> walk(value, o.path().text())));
        } else if (op instanceof Ast.Merge merge && selectsSecrets(merge.selector())) {
            merge.patch().ifPresent(patch -> walk(patch, ""));
        }
    }

    private static boolean selectsSecrets(Ast.Selector selector) {
        return selector.kind().text().equals(Secrets.KIND);
    }

    private static boolean isSecret(Ast.Value.MapValue body) {
        String kind = "";
        String apiVersion = "";
        for (Ast.Value.Entry entry : body.entries()) {
            if (entry.key().text().equals("kind")) {
                kind = text(entry.value());
            } else if (entry.key().text().equals("apiVersion")) {
                apiVersion = text(entry.value());
            }
        }
        return kind.equals(Secrets.KIND) && !apiVersion.contains("/");
    }

    /** The value at {@code pointer}: everything below a secret path is secret, above one only what leads there. */
    private void walk(Ast.Value value, String pointer) {
        if (Secrets.isSecretPath(pointer)) {
            mark(value);
        } else if (value instanceof Ast.Value.MapValue map) {
            for (Ast.Value.Entry entry : map.entries()) {
                walk(entry.value(), pointer + "/" + entry.key().text().replace("~", "~0").replace("/", "~1"));
            }
        }
    }

    private void mark(Ast.Value value) {
        if (value instanceof Ast.Value.MapValue map) {
            map.entries().forEach(entry -> mark(entry.value()));
        } else if (value instanceof Ast.Value.ListValue list) {
            list.items().forEach(this::mark);
        } else if (!(value instanceof Ast.Value.NullValue)) {
            // null is no value: the key is as good as absent. A boolean is masked where it is written, not as text.
            SourceLocation at = value.at();
            redaction.span(at, written(at));
            if (!(value instanceof Ast.Value.BooleanValue)) {
                redaction.value(text(value));
            }
        }
    }

    /** The token as it stands in the file, quotes and escapes included. */
    private String written(SourceLocation at) {
        if (at.line() > lines.length) {
            return "";
        }
        String line = lines[at.line() - 1];
        int from = Math.min(line.length(), at.column() - 1);
        return line.substring(from, Math.min(line.length(), from + at.length()));
    }

    private static String text(Ast.Value value) {
        if (value instanceof Ast.Value.StringValue s) {
            return s.text();
        } else if (value instanceof Ast.Value.WordValue w) {
            return w.text();
        } else if (value instanceof Ast.Value.NumberValue n) {
            return n.text();
        } else if (value instanceof Ast.Value.VersionValue v) {
            return v.text();
        } else if (value instanceof Ast.Value.DurationValue d) {
            return d.text();
        }
        return "";
    }
}
