package dev.istiodsl.expand.istioctl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the real istioctl as a child process: an argument list (no shell, so values need no quoting), the sealed
 * environment of {@link IstioctlProcess}, and the timeout of the settings. Safe to share between threads.
 */
public final class ProcessIstioctlRunner implements IstioctlRunner {

    private final IstioctlSettings settings;
    private final IstioctlProcess process;
    private final Map<FileIdentity, String> digests = new ConcurrentHashMap<>();

    public ProcessIstioctlRunner(IstioctlSettings settings) {
        this.settings = settings;
        this.process = new IstioctlProcess(settings);
    }

    @Override
    public String manifestGenerate(Path binary, List<Path> operatorFiles, List<String> setFlags,
            Path workingDirectory) throws IstioctlException {
        List<String> arguments = new ArrayList<>(List.of("manifest", "generate"));
        for (Path file : operatorFiles) {
            arguments.add("-f");
            arguments.add(file.toString());
        }
        for (String flag : setFlags) {
            if (flag.indexOf('=') <= 0) {
                throw new IllegalArgumentException("a --set flag must be path=value, not '" + flag + "'");
            }
            arguments.add("--set");
            arguments.add(flag);
        }
        String what = "istioctl manifest generate " + String.join(" ", arguments.subList(2, arguments.size()))
                + " (" + binary + ")";
        ChildProcess.Outcome outcome;
        try {
            outcome = process.run(binary, arguments, workingDirectory);
        } catch (IOException e) {
            throw new IstioctlException("could not run " + what + ": " + e.getMessage(), e);
        }
        if (outcome.timedOut()) {
            throw new IstioctlException(what + " was killed after " + IstioctlProcess.describe(settings.timeout())
                    + " without finishing; raise the istioctl timeout if the machine is only slow"
                    + stderrSection(outcome.stderr()));
        }
        if (outcome.exitCode() != 0) {
            throw new IstioctlException(what + " failed with exit code " + outcome.exitCode()
                    + stderrSection(outcome.stderr()));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(outcome.stdout()))
                    .toString();
        } catch (CharacterCodingException e) {
            // Replacing bad bytes would emit manifests that silently differ from what istioctl wrote.
            throw new IstioctlException(what + " printed output that is not UTF-8", e);
        }
    }

    @Override
    public String digest(Path binary) throws IstioctlException {
        try {
            FileIdentity identity = FileIdentity.of(binary);
            String known = digests.get(identity);
            if (known != null) {
                return known;
            }
            String digest = FileIdentity.sha256(identity.realPath());
            digests.put(identity, digest);
            return digest;
        } catch (IOException e) {
            throw new IstioctlException("could not read the istioctl binary " + binary + ": " + e, e);
        }
    }

    private static String stderrSection(String stderr) {
        String text = stderr.strip();
        return text.isEmpty() ? " (nothing on stderr)" : "; stderr:\n" + text;
    }
}
