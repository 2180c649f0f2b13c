/**
 * Stage: adapters. Input: Maven parameters ({@code istiodsl.mesh}, {@code istiodsl.projectDirectory},
 * {@code istiodsl.skip}). Output: log lines (each diagnostic with its source line, caret and hint, then a summary)
 * and build success or failure. The goals only adapt: all compiler logic lives in {@code dev.istiodsl.compiler}.
 */
package dev.istiodsl.maven;
