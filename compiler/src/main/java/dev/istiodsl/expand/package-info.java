/**
 * Stage {@code expand}: the bound mesh in; per environment, every revision's resources out, made by istioctl (one run
 * per distinct expansion, cached by content hash) or read from a manifest file.
 */
package dev.istiodsl.expand;
