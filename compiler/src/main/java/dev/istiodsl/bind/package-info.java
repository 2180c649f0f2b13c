/**
 * Stage {@code bind}: the parsed files in (the root and its imports), the checked, immutable
 * {@link dev.istiodsl.model.Mesh} and binding diagnostics out. Names, imports, defaults and {@code extends} are
 * resolved here.
 */
package dev.istiodsl.bind;
