/**
 * Diagnostics, shared by every stage: one {@link dev.istiodsl.diag.Diagnostic} record (id, severity, location,
 * message, hint), a collector, and the one-line and contextual renderings.
 */
package dev.istiodsl.diag;
