/**
 * The Helm expander of stage {@code expand}: for a revision with {@code charts "folder"}, Istio's own charts (base,
 * istiod, one gateway release per environment gateway) rendered in-process by an embedded Helm engine, with the
 * release names and values istioctl would give them, so the output partitions exactly like istioctl's. Input: the
 * bound mesh, an environment and a revision; output: the rendered manifest text, or a diagnostic at the revision's
 * {@code charts} line. {@link dev.istiodsl.expand.helm.HelmExpander} is the entry point.
 */
package dev.istiodsl.expand.helm;
