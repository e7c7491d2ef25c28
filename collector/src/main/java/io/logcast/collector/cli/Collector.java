package io.logcast.collector.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import io.logcast.collector.Diagnostics;
import io.logcast.collector.daemon.ExitCode;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar logcast-collector.jar disk|console|web [options]}: the entry point of the daemons. */
@Command(name = "logcast-collector",
        mixinStandardHelpOptions = true,
        versionProvider = Collector.Version.class,
        description = "Consumes log events from a RabbitMQ fanout exchange and writes them to disk, prints them or serves them to a web page.",
        subcommands = {DiskCommand.class, ConsoleCommand.class, WebCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGTERM or SIGINT (Ctrl-C) after acknowledging everything written",
            "1:an unexpected internal error",
            "2:a bad option, an unusable sink (unwritable file, bad --config, a web port in use), a refused login or a refused declaration",
            "3:writing failed while running (or a message needs more heap than -Xmx allows); unwritten messages were left unacknowledged on the broker"})
public final class Collector implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // whatever the platform's locale (POSIX in many containers and systemd units): events and messages are UTF-8
        System.setOut(utf8(FileDescriptor.out));
        System.setErr(utf8(FileDescriptor.err));
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Collector());
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        commandLine.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL_ERROR);
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String command = failed.getParent() == null ? "" : failed.getCommandName() + " ";
            Diagnostics.stderr().say(e.getMessage() + " (see: java -jar logcast-collector.jar " + command + "--help)");
            return ExitCode.REFUSED;
        });
        return commandLine;
    }

    private static PrintStream utf8(FileDescriptor descriptor) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(descriptor), 8192), true, StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a daemon: disk, console or web");
    }

    /** The project version, from the build. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Collector.class.getResourceAsStream("/io/logcast/collector/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"logcast-collector " + properties.getProperty("version", "unknown")};
        }
    }
}
