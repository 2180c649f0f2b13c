package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.parse.Ast;

import java.util.regex.Pattern;

/** The rules for names the compiler derives Kubernetes names from. */
final class Names {

    /** {@code istiod-<rev>} is a Service name: a DNS-1035 label of at most 63 characters. */
    static final int MAX_REVISION = 63 - "istiod-".length();
    /** {@code istio-revision-tag-<tag>} is the tag webhook's name (ISTIO.md §8.3). */
    static final int MAX_TAG = 63 - "istio-revision-tag-".length();

    private static final Pattern VERSION_LIKE = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?.*");

    private Names() {
    }

    static boolean isDnsLabel(String text) {
        return text.length() <= 63 && ValueReader.DNS_LABEL.matcher(text).matches();
    }

    /** Revision names become labels and name suffixes: DNS labels, never {@code default}, short enough to derive from. */
    static boolean checkRevision(Ast.Name name, Diagnostics diagnostics) {
        String text = name.text();
        if (text.equals("default")) {
            diagnostics.error("Bind.ReservedRevisionName", name.at(),
                    "'default' cannot name a revision: Istio reserves it for the revisionless control plane",
                    "name the revision after its version, like 1-22-8, and point `tag default ->` at it");
            return false;
        }
        if (!ValueReader.DNS_LABEL.matcher(text).matches()) {
            String hint = VERSION_LIKE.matcher(text).matches()
                    ? "revision names are DNS labels: write " + text.replace('.', '-').toLowerCase(java.util.Locale.ROOT)
                    : "use lower-case letters, digits and '-', starting and ending with a letter or digit";
            diagnostics.error("Bind.InvalidRevisionName", name.at(), "'" + text + "' is not a valid revision name",
                    hint);
            return false;
        }
        if (text.length() > MAX_REVISION) {
            diagnostics.error("Bind.NameTooLong", name.at(),
                    "revision name '" + text + "' is " + text.length() + " characters; the Service istiod-" + text
                            + " would exceed Kubernetes' 63",
                    "use at most " + MAX_REVISION + " characters");
            return false;
        }
        return true;
    }

    static boolean checkTag(Ast.Name name, Diagnostics diagnostics) {
        String text = name.text();
        if (!ValueReader.DNS_LABEL.matcher(text).matches()) {
            diagnostics.error("Bind.InvalidTagName", name.at(), "'" + text + "' is not a valid tag name",
                    "use lower-case letters, digits and '-', starting and ending with a letter or digit");
            return false;
        }
        if (text.length() > MAX_TAG) {
            diagnostics.error("Bind.NameTooLong", name.at(),
                    "tag name '" + text + "' is " + text.length() + " characters; the webhook istio-revision-tag-"
                            + text + " would exceed Kubernetes' 63",
                    "use at most " + MAX_TAG + " characters");
            return false;
        }
        return true;
    }

    /** Gateways, overlays, environments, namespaces: plain DNS labels. */
    static boolean checkLabel(Ast.Name name, String what, Diagnostics diagnostics) {
        if (isDnsLabel(name.text())) {
            return true;
        }
        diagnostics.error("Bind.InvalidName", name.at(), what + " name '" + name.text() + "' is not valid",
                "use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 "
                        + "characters");
        return false;
    }
}
