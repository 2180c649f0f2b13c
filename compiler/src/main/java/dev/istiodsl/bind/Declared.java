package dev.istiodsl.bind;

import dev.istiodsl.source.SourceFile;

/** A declaration and the file it was written in, which relative paths inside it resolve against. */
record Declared<T>(T node, SourceFile source) {
}
