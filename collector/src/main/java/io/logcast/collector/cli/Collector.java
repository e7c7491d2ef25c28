package io.logcast.collector.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

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
            "2:a bad option, an unusable sink (unwritable file, bad --config, a port in use), a refused login or a refused declaration",
            "3:writing failed while running; unwritten messages were left unacknowledged on the broker"})
public final class Collector implements Runnable {

    static final int EXIT_STOPPED = 0;
    static final int EXIT_INTERNAL_ERROR = 1;
    static final int EXIT_REFUSED = 2;
    static final int EXIT_WRITE_FAILED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Collector());
        commandLine.setExitCodeExceptionMapper(e -> EXIT_INTERNAL_ERROR);
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String command = failed.getParent() == null ? "" : failed.getCommandName() + " ";
            failed.getErr().println("logcast-collector: " + e.getMessage()
                    + " (see: java -jar logcast-collector.jar " + command + "--help)");
            return EXIT_REFUSED;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a daemon: disk, console or web");
    }

    /** The project version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
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
