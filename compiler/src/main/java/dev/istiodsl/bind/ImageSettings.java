package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.parse.Ast.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one judge of an image's hub and tag, wherever the DSL sets them: {@code hub} of the mesh, an environment or a
 * revision, {@code set hub}, {@code set tag}, {@code set values.global.hub}, a component's or a Helm value's
 * {@code hub} and {@code tag} ({@code values { global: { hub: ... } }}, {@code component pilot { hub: ... }}), and
 * maps set whole that hold them. Each becomes part of every image reference of what it applies to, so it must be
 * printable ASCII without spaces, as image references are: anything else (a NUL, half a surrogate pair, an invisible
 * or bidirectional character) would reach every image of the mesh, or fail only inside Helm or istioctl.
 */
final class ImageSettings {

    private static final String HUB_HINT = "write the registry and path of Istio's images, like docker.io/istio or "
            + "registry.example.com:5000/istio";
    private static final String TAG_HINT = "write the tag of Istio's images, like 1.22.8 or 1.22.8-distroless";

    private final Diagnostics diagnostics;

    ImageSettings(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** A hub, reported at {@code at} when it is no registry path; {@code what} names it ("hub", "values.global.hub"). */
    boolean hub(String what, String hub, SourceLocation at) {
        return judge(what, hub, at, "is not a registry path", HUB_HINT);
    }

    /** An image tag, reported like a hub. */
    boolean tag(String what, String tag, SourceLocation at) {
        return judge(what, tag, at, "is not an image tag", TAG_HINT);
    }

    /**
     * Every hub and tag in {@code value}, set at {@code keys} of the IstioOperator spec ({@code [values, global]}):
     * the value itself when the last key is {@code hub} or {@code tag}, and those of the maps and lists it holds.
     * meshConfig holds no image. Whether all were good.
     */
    boolean check(List<String> keys, Value value) {
        if (!keys.isEmpty() && keys.get(0).equals("meshConfig")) {
            return true;
        }
        boolean ok = true;
        if (value instanceof Value.MapValue map) {
            for (Value.Entry entry : map.entries()) {
                List<String> inner = new ArrayList<>(keys);
                inner.add(entry.key().text());
                ok &= check(inner, entry.value());
            }
        } else if (value instanceof Value.ListValue list) {
            for (Value item : list.items()) {
                ok &= check(keys, item);
            }
        } else if (!keys.isEmpty()) {
            String last = keys.get(keys.size() - 1);
            Optional<String> text = text(value);
            if (text.isPresent() && last.equals("hub")) {
                ok = hub(String.join(".", keys), text.get(), value.at());
            } else if (text.isPresent() && last.equals("tag")) {
                ok = tag(String.join(".", keys), text.get(), value.at());
            }
        }
        return ok;
    }

    private boolean judge(String what, String text, SourceLocation at, String isNot, String hint) {
        int bad = text.chars().filter(c -> c <= ' ' || c > '~').findFirst().orElse(-1);
        if (text.isEmpty() || bad >= 0) {
            diagnostics.error("Bind.InvalidValue", at, what + " '" + text + "' " + isNot
                    + (bad >= 0 ? ": it holds '" + (char) bad + "'" : ""), hint);
            return false;
        }
        return true;
    }

    private static Optional<String> text(Value value) {
        if (value instanceof Value.StringValue s) {
            return Optional.of(s.text());
        } else if (value instanceof Value.WordValue w) {
            return Optional.of(w.text());
        } else if (value instanceof Value.NumberValue n) {
            return Optional.of(n.text());
        } else if (value instanceof Value.VersionValue v) {
            return Optional.of(v.text());
        }
        return Optional.empty();
    }

    /** The keys of a {@code set} path, list steps left out: where in the spec its value lands. */
    static List<String> keys(dev.istiodsl.model.SetPath path) {
        List<String> keys = new ArrayList<>();
        for (dev.istiodsl.model.SetPath.Segment segment : path.segments()) {
            if (segment instanceof dev.istiodsl.model.SetPath.Segment.Key key) {
                keys.add(key.name());
            }
        }
        return keys;
    }

    /** A component block sets the keys of {@code components.NAME}. */
    boolean component(Ast.Component component) {
        return check(List.of("components", component.name().text()), component.settings());
    }
}
