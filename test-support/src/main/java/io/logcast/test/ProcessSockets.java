package io.logcast.test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Whether a local TCP port is held by a socket of this JVM or of a process it started (read from Linux's /proc). */
final class ProcessSockets {

    private static final List<String> TABLES = List.of("/proc/net/tcp", "/proc/net/tcp6");

    private ProcessSockets() {
    }

    /** False where /proc cannot tell (not Linux): then nothing is known to be this run's. */
    static boolean ownsLocalPort(int port) throws IOException {
        Set<String> inodes = socketInodes(port);
        if (inodes.isEmpty()) {
            return false;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
                .collect(Collectors.toList());
        for (ProcessHandle process : tree) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc", Long.toString(process.pid()), "fd"))) {
                for (Path fd : fds) {
                    if (inodes.contains(socketInode(fd))) {
                        return true;
                    }
                }
            } catch (IOException gone) {
                // the process exited meanwhile
            }
        }
        return false;
    }

    /** Inodes of the sockets whose local end is {@code port}: {@code sl local_address rem_address st ... uid timeout inode}. */
    private static Set<String> socketInodes(int port) throws IOException {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : TABLES) {
            Path file = Paths.get(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 9 && fields[1].endsWith(hexPort)) {
                    inodes.add(fields[9]);
                }
            }
        }
        return inodes;
    }

    private static String socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") ? target.substring("socket:[".length(), target.length() - 1) : "";
        } catch (IOException closed) {
            return "";
        }
    }
}
