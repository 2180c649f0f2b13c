package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.List;

/**
 * One check of the bound model, run once per environment.
 *
 * <p>A rule is stateless and deterministic: the same context gives the same findings, whatever the machine, locale,
 * time zone or wall clock ({@link RuleContext#today()} is the only date a rule may read). It reports a user's mistake
 * as a finding and never throws for one.
 *
 * <h2>Adding your own rules</h2>
 *
 * A team can ship rules of its own through {@link java.util.ServiceLoader}:
 * <ol>
 *   <li>implement this interface in a public class with a public no-argument constructor;</li>
 *   <li>list the class's binary name in {@code META-INF/services/dev.istiodsl.validate.rules.Rule} of its jar;</li>
 *   <li>add the jar to the {@code <dependencies>} of the {@code istiodsl-maven-plugin} in the project's pom.</li>
 * </ol>
 * {@link Rules#load(ClassLoader)} runs them after the built-in rules, sorted by id. Give them an id with a prefix of
 * your own ({@code Acme.GatewayReplicas}); an id that a built-in or another rule already has is refused.
 */
public interface Rule {

    /** Stable, dotted, general to specific ({@code Upgrade.CanarySkipsTooManyMinors}); never renamed. */
    String id();

    /** The severity of its findings; a rule may report less (a warning, a note) for a milder form of the problem. */
    Severity defaultSeverity();

    /** What it reports, then why that matters: one sentence each. Shown in the docs and in rule listings. */
    String description();

    /** The problems in {@code context.environment()}; empty when there are none. */
    List<RuleFinding> check(RuleContext context);
}
