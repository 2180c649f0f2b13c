/**
 * The istioctl plumbing of the expand stage. Input: an {@link dev.istiodsl.model.IstioVersion} and
 * {@link dev.istiodsl.expand.istioctl.IstioctlSettings}; output: the path of a binary that reports exactly that version
 * ({@link dev.istiodsl.expand.istioctl.IstioctlLocator}, downloading a verified release with
 * {@link dev.istiodsl.expand.istioctl.IstioctlDownloader} when allowed), and the text of
 * {@code istioctl manifest generate} run in a sealed environment
 * ({@link dev.istiodsl.expand.istioctl.IstioctlRunner}). Every failure is one readable
 * {@link dev.istiodsl.expand.istioctl.IstioctlException}; nothing here prints or reads the process environment.
 */
package dev.istiodsl.expand.istioctl;
