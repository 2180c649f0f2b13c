/**
 * The Flux output format: kustomization files per part and Flux Kustomizations that apply an environment's parts in
 * dependency order. Input: the emitted files per part; output: more documents for the tree.
 */
package dev.istiodsl.flux;
