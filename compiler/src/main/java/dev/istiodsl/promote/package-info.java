/**
 * Promotion between environments: the soak gates of {@code after X soak D}, measured in the git history of the
 * committed tree ({@link dev.istiodsl.promote.TreeHistory}, {@link dev.istiodsl.promote.SoakGate}), and the rewrite of
 * the mesh file that makes one environment run what another runs ({@link dev.istiodsl.promote.Promoter}).
 */
package dev.istiodsl.promote;
