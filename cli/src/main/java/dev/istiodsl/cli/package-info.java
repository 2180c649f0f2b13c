/**
 * Stage: adapters. Input: a command line ({@code istiodsl compile --mesh prod.istiodsl}), with the Maven properties'
 * names as options. Output: the same lines the Maven goals log, or the JSON report with {@code --output json}, and an
 * exit code: 0 clean, 1 errors found, 2 a usage error, 3 an internal error. The commands only adapt: everything they
 * do is in the compiler.
 */
package dev.istiodsl.cli;
