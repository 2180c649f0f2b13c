/**
 * Stage: adapters. Input: an editor's LSP messages over standard input ({@code istiodsl lsp}). Output: diagnostics as
 * the user types (bind and the DSL-level rules, through {@code Compiler.checkUnsaved}; on open and save, every check of the
 * expanded resources too when the cache holds every expansion, through {@code Compiler.cachedExpansionsOnly}), hover, go to definition,
 * completion and formatting ({@code MeshFormatter}). Every answer comes from the compiler's own parse, bind and
 * rules; nothing here judges the mesh.
 */
package dev.istiodsl.lsp;
