/**
 * Stage {@code parse}: the text of one .istiodsl file in, its {@link dev.istiodsl.parse.Ast} and syntax diagnostics
 * out. ANTLR's types stay inside this package.
 */
package dev.istiodsl.parse;
