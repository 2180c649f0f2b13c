package dev.istiodsl.diag;

/** How bad a diagnostic is. Ordered: a later constant is more severe, except SUPPRESSED, which is kept for reports. */
public enum Severity {
    NOTE,
    WARNING,
    ERROR,
    /** A finding the user silenced with a reason; it never fails a build. */
    SUPPRESSED
}
