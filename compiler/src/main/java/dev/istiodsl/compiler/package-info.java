/**
 * The façade: {@link dev.istiodsl.compiler.Compiler} takes a {@link dev.istiodsl.compiler.CompileRequest} and returns
 * a {@link dev.istiodsl.compiler.CompileResult}, composing the stages (parse, bind, ...) for each goal.
 */
package dev.istiodsl.compiler;
