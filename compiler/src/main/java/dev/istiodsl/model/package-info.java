/**
 * The semantic model: the immutable result of binding (mesh, revisions, gateways, overlays, environments) that every
 * later stage reads. Nothing here knows about syntax.
 */
package dev.istiodsl.model;
