/**
 * Stage {@code report}: the diagnostics of a run for people and for CI. Input: a
 * {@link dev.istiodsl.compiler.CompileResult}; output: the findings grouped per environment with counts per severity,
 * a JSON report and JUnit XML, each deterministic (sorted, no timestamps, no absolute paths).
 */
package dev.istiodsl.report;
