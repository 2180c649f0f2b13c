/** Small helpers every stage shares and that belong to none: digests. */
package dev.istiodsl.util;
