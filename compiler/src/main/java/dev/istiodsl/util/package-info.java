/** Small helpers every stage shares and that belong to none: digests, strict UTF-8 decoding. */
package dev.istiodsl.util;
