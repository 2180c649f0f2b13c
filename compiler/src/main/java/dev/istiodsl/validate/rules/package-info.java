/**
 * Stage {@code validate}, model rules: the bound {@link dev.istiodsl.model.Mesh}, one environment at a time, the
 * shipped {@link dev.istiodsl.validate.VersionFacts} and the compile date in; {@link
 * dev.istiodsl.validate.rules.RuleFinding}s, each located in the DSL, out. These rules need no rendered resources:
 * upgrade paths, the support matrix, skew and the revision graph. {@link dev.istiodsl.validate.rules.Rules} lists
 * the built-in rules and loads a team's own through {@link java.util.ServiceLoader}.
 */
package dev.istiodsl.validate.rules;
