package dev.istiodsl.model;

import dev.istiodsl.diag.SourceLocation;

import java.util.List;

/** A named, reusable list of edits, applied in the order written. */
public record Overlay(String name, SourceLocation at, List<OverlayOp> operations) {

    public Overlay {
        operations = List.copyOf(operations);
    }
}
