/** The shared JSON mapper and helpers every stage uses, so JSON is read and written one way everywhere. */
package dev.istiodsl.json;
