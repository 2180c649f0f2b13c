/**
 * Source files: reading .istiodsl files from the project and the standard library, and keeping paths named in the
 * DSL inside the project directory.
 */
package dev.istiodsl.source;
