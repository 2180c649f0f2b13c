/**
 * Diagnostics, shared by every stage: one {@link dev.istiodsl.diag.Diagnostic} record (id, severity, location,
 * message, hint), a collector that reports a finding once per cause (a cluster checked as an environment of its own,
 * {@link dev.istiodsl.diag.ClusterScope}, reports what it shares with its environment once), and the one-line and
 * contextual renderings.
 */
package dev.istiodsl.diag;
