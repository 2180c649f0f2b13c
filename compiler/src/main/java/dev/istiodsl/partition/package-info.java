/**
 * Stage {@code partition}: the expansions of an environment's revisions in; every resource placed in exactly one part
 * (crds, base, revisions/R, tags/T, gateways/G/R), the resources Istio's output lacks, and collision diagnostics out.
 */
package dev.istiodsl.partition;
