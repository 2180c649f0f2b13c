package dev.istiodsl.expand.istioctl;

import java.nio.file.Path;
import java.util.List;

/**
 * What the expand stage needs from istioctl, and all it may ask of it: render one IstioOperator file, and name the
 * binary that did so (for cache keys). Tests of the stage substitute a fake; the real one is
 * {@link ProcessIstioctlRunner}.
 */
public interface IstioctlRunner {

    /**
     * Runs {@code istioctl manifest generate -f <operatorFile> --set <flag>...} and returns what it printed.
     *
     * @param setFlags each {@code path=value}, passed as one {@code --set} argument each, in order (later wins)
     * @throws IstioctlException when istioctl fails, exits non-zero or runs past the timeout
     */
    default String manifestGenerate(Path binary, Path operatorFile, List<String> setFlags, Path workingDirectory)
            throws IstioctlException {
        return manifestGenerate(binary, List.of(operatorFile), setFlags, workingDirectory);
    }

    /**
     * Runs {@code istioctl manifest generate -f F1 -f F2 ... --set <flag>...}: istioctl merges the files in order,
     * then applies the flags.
     */
    String manifestGenerate(Path binary, List<Path> operatorFiles, List<String> setFlags, Path workingDirectory)
            throws IstioctlException;

    /** The lower-case hex SHA-256 of the binary's bytes: two binaries render alike only if these agree. */
    String digest(Path binary) throws IstioctlException;

    static IstioctlRunner process(IstioctlSettings settings) {
        return new ProcessIstioctlRunner(settings);
    }
}
