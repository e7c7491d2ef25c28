package io.logcast.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for {@link RabbitNode}s, taken below the kernel's ephemeral range: while a node
 * restarts nothing listens on its port, and a client socket must not be able to take it meanwhile.
 */
final class LoopbackPorts {

    private static final int LOWEST = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /** A port that nothing listens on now and this JVM has not handed out before. */
    static int free() throws IOException {
        int ceiling = ephemeralRangeStart();
        for (int tries = 0; tries < 200; tries++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            if (!HANDED_OUT.contains(candidate) && bindable(candidate) && HANDED_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no free loopback port between " + LOWEST + " and " + ceiling);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            int start = Integer.parseInt(Files.readString(Paths.get("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return Math.max(start, LOWEST + 1_000);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }
}
