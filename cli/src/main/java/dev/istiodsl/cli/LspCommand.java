package dev.istiodsl.cli;

import dev.istiodsl.lsp.IstiodslLanguageServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code istiodsl lsp}: the language server, over standard input and output. */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Runs the language server over standard input and output, for editors: diagnostics as you"
                + " type, hover, go to definition, completion and formatting.")
final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        InputStream in = System.in;
        PrintStream out = System.out;
        // Standard output carries the protocol: anything else printed there would corrupt it.
        System.setOut(System.err);
        IstiodslLanguageServer server = new IstiodslLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        launcher.startListening().get();
        return ExitCodes.CLEAN;
    }
}
