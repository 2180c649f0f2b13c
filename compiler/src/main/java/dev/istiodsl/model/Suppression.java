package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code suppress RULE [KIND "glob"] "reason"}: the findings of one validation rule, accepted on purpose and kept in
 * the reports with the reason. Written in the mesh, it covers every environment; in an environment, that environment
 * and those that extend it.
 *
 * @param kind     with {@code nameGlob}: only findings about resources of this kind whose name matches
 * @param nameGlob matched like overlay selectors: against the name with and without its revision suffix
 */
public record Suppression(String ruleId, Optional<String> kind, Optional<String> nameGlob, String reason,
        SourceLocation at) {

    public Suppression {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(nameGlob, "nameGlob");
        Objects.requireNonNull(reason, "reason");
    }
}
