package dev.istiodsl.expand;

import dev.istiodsl.expand.istioctl.IstioctlException;
import dev.istiodsl.expand.istioctl.IstioctlLocator;
import dev.istiodsl.expand.istioctl.IstioctlRunner;
import dev.istiodsl.expand.istioctl.IstioctlSettings;
import dev.istiodsl.model.IstioVersion;

import java.nio.file.Path;
import java.util.List;

/** The real istioctl behind {@link IstioctlTool}: found per version by the locator, run by the process runner. */
public final class IstioctlAdapter implements IstioctlTool {

    private final IstioctlLocator locator;
    private final IstioctlRunner runner;
    private final Path workingDirectory;

    public IstioctlAdapter(IstioctlSettings settings, Path workingDirectory) {
        this.locator = new IstioctlLocator(settings);
        this.runner = IstioctlRunner.process(settings);
        this.workingDirectory = workingDirectory;
    }

    @Override
    public String identity(IstioVersion version) throws ExpandFailure {
        try {
            return "sha256:" + runner.digest(locator.locate(version));
        } catch (IstioctlException e) {
            throw new ExpandFailure(e.getMessage(), e);
        }
    }

    @Override
    public String location(IstioVersion version) throws ExpandFailure {
        try {
            return locator.locate(version).toString();
        } catch (IstioctlException e) {
            throw new ExpandFailure(e.getMessage(), e);
        }
    }

    @Override
    public String manifestGenerate(IstioVersion version, List<Path> operatorFiles, List<String> setFlags)
            throws ExpandFailure {
        try {
            return runner.manifestGenerate(locator.locate(version), operatorFiles, setFlags, workingDirectory);
        } catch (IstioctlException e) {
            throw new ExpandFailure(e.getMessage(), e);
        }
    }
}
