package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.model.Suppression;
import dev.istiodsl.parse.Ast;

import java.util.Optional;

/**
 * Binds {@code suppress} statements. Whether the rule id exists is checked by the validate stage, which knows every
 * rule, the loaded ones included.
 */
final class Suppressions {

    private Suppressions() {
    }

    /**
     * What rule ids look like: two or more capitalised words of ASCII letters and digits, joined by dots
     * ({@code Skew.DataPlaneTooFarBehind}, {@code Acme.GatewayReplicas}). Checked word by word: a regular expression
     * with a repeated group recurses once per word, and a long id would overflow the stack.
     */
    static boolean isRuleId(String id) {
        String[] words = id.split("\\.", -1);
        if (words.length < 2) {
            return false;
        }
        for (String word : words) {
            if (word.isEmpty() || word.charAt(0) < 'A' || word.charAt(0) > 'Z'
                    || !word.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                return false;
            }
        }
        return true;
    }

    static Optional<Suppression> bind(Ast.Suppress ast, Diagnostics diagnostics) {
        boolean ok = true;
        String id = ast.ruleId().text();
        if (!isRuleId(id)) {
            diagnostics.error("Bind.InvalidValue", ast.ruleId().at(), "'" + id + "' is not a rule id",
                    "rule ids are dotted capitalised words, such as Image.LatestTag; the README lists them");
            ok = false;
        }
        if (ast.reason().isBlank()) {
            diagnostics.error("Bind.InvalidValue", ast.reasonAt(), "a suppression needs a reason",
                    "say why the finding is accepted, for the reviewers of this file and of the report");
            ok = false;
        }
        if (ast.kind().isPresent() && !OverlayBinder.KIND.matcher(ast.kind().get().text()).matches()) {
            diagnostics.error("Bind.InvalidKind", ast.kind().get().at(), "'" + ast.kind().get().text()
                    + "' is not a Kubernetes Kind", "a kind is capitalised, e.g. Deployment");
            ok = false;
        }
        if (ast.pattern().isPresent() && !OverlayBinder.GLOB.matcher(ast.pattern().get()).matches()) {
            diagnostics.error("Bind.InvalidGlob", ast.kind().get().at(), "'" + ast.pattern().get()
                    + "' is not a name pattern", "use a resource name with '*' and '?' as wildcards");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new Suppression(id, ast.kind().map(Ast.Name::text), ast.pattern(), ast.reason(),
                ast.at()));
    }
}
