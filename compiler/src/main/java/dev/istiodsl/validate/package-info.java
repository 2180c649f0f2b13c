/**
 * Stage {@code validate}: an environment's transformed resources in; findings out (schemas of core kinds and Istio
 * CRDs, removed Kubernetes API versions, and the rule library: upgrade paths, support matrix, skew, revision graph,
 * operational checks).
 */
package dev.istiodsl.validate;
