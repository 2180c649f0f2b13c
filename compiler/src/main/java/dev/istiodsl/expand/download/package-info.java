/**
 * Downloads of stage {@code expand}: one GET with a bounded time, shared by the istioctl release download and the
 * Helm chart repositories, so both read a mirror, a {@code file:} folder and an error page the same way.
 */
package dev.istiodsl.expand.download;
