/**
 * Kubernetes resources as every stage after {@code expand} sees them: identity, body and origin, and the reader
 * that turns generated manifests into them.
 */
package dev.istiodsl.resource;
