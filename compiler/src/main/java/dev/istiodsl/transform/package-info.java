/**
 * Stage {@code transform}: an environment's placed resources and its overlays in; the edited resources and
 * diagnostics (selectors that match nothing, operations that fail) out.
 */
package dev.istiodsl.transform;
