/**
 * The Helmfile output format: every part of an environment made a local Helm chart, and a {@code helmfile.yaml} that
 * releases the charts in dependency order with {@code needs}. Input: the emitted files per part; output: more files
 * for the tree.
 */
package dev.istiodsl.helmfile;
