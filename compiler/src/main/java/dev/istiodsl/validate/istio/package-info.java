/**
 * Stage {@code validate}, Istio's semantics: the checks istiod's validating webhook makes that no CRD schema can say
 * (an EnvoyFilter patch without an operation, a Gateway without servers, a regex RE2 cannot compile). Input: one
 * resource; output: {@link dev.istiodsl.validate.Finding}s with {@code Istio.*} ids, by JSON pointer.
 */
package dev.istiodsl.validate.istio;
