package civgraph.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs a real Neo4j 5.26 Community DBMS in this JVM (embedded DatabaseManagementService API) with
 * only the Bolt connector open, on 127.0.0.1. It is the CivGraph test and local-development server
 * for machines without Docker (see docs/neo4j.md).
 *
 * <p>Protocol with the caller: exactly one line {@code READY bolt://127.0.0.1:<port>} on stdout once
 * Bolt accepts TCP connections; everything else (library output, errors) goes to stderr. SIGTERM
 * (or SIGINT) shuts the DBMS down cleanly through a shutdown hook, then deletes the data directory
 * if it was a temporary one. Exit code 2 means bad arguments, 1 a failed start.
 *
 * <p>Usage: {@code Launcher [--port N] [--data DIR] [--password P] [--pagecache SIZE]
 * [--tx-memory SIZE] [--exit-on-stdin-eof]}. Heap is a JVM flag ({@code -Xmx}), not an argument.
 * {@code --exit-on-stdin-eof} makes the server stop when its parent closes stdin (or dies), so a
 * crashed test runner cannot leave an orphan JVM behind.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final String USAGE = "usage: Launcher [--port N] [--data DIR] [--password P]"
            + " [--pagecache SIZE] [--tx-memory SIZE] [--exit-on-stdin-eof]   (SIZE like 256m, 1g)";

    private Launcher() {}

    public static void main(String[] args) {
        // Keep stdout for the READY protocol line only; libraries that print go to stderr.
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ERROR " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, protocol);
        } catch (Exception e) {
            System.err.println("ERROR Neo4j failed to start: " + e);
            e.printStackTrace(System.err);
            Runtime.getRuntime().halt(1);
        }
    }

    /** Serves {@code options}; also the serve step of {@link BulkImport} on the home it imported into. */
    static void run(Options options, PrintStream protocol) throws Exception {
        boolean temporary = options.data == null;
        Path home = temporary
                ? Files.createTempDirectory("civgraph-neo4j-")
                : Paths.get(options.data).toAbsolutePath();
        Files.createDirectories(home);
        DatabaseManagementService dbms = builder(home, options).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                if (temporary) {
                    deleteRecursively(home);
                }
            } catch (Exception e) {
                System.err.println("ERROR during shutdown: " + e);
            } finally {
                stopped.countDown();
            }
        }, "civgraph-neo4j-shutdown"));

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (options.password != null) {
            setPassword(system, options.password);
        }
        int port = boltPort(system);
        awaitTcp(port);
        protocol.println("READY bolt://" + HOST + ":" + port);
        protocol.flush();
        if (options.exitOnStdinEof) {
            watchStdin();
        }
        stopped.await();
    }

    /** Exits (running the shutdown hook) when stdin reaches end of file. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // Input is ignored; only end of file matters.
                }
            } catch (IOException e) {
                System.err.println("stdin closed: " + e);
            }
            System.exit(0);
        }, "civgraph-neo4j-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The DBMS of {@code options} on {@code home} (also {@link WarmUp}'s, so its warm-up serves the same way). */
    static DatabaseManagementServiceBuilder builder(Path home, Options options) {
        Map<org.neo4j.graphdb.config.Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress(HOST, options.port));
        config.put(BoltConnector.advertised_address, new SocketAddress(HOST, options.port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        config.put(HttpConnector.enabled, false);
        config.put(HttpsConnector.enabled, false);
        config.put(GraphDatabaseSettings.auth_enabled, options.password != null);
        // Community hosts one user database (plus system): pin it to the default name.
        config.put(GraphDatabaseSettings.initial_default_database, GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        config.put(GraphDatabaseSettings.udc_enabled, false);
        config.put(GraphDatabaseSettings.pagecache_memory, options.pagecache);
        config.put(GraphDatabaseSettings.memory_transaction_global_max_size, options.txMemory);
        // Small transaction logs: test and dev databases, not production retention.
        config.put(GraphDatabaseSettings.keep_logical_logs, "1 files");
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024);
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        // Stop in about a second instead of ~10 s of Netty/Bolt grace periods (unsupported settings,
        // present in 5.26): test suites stop and restart the server on purpose.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2));
        config.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        return new DatabaseManagementServiceBuilder(home).setConfig(config);
    }

    /** Sets the neo4j user's password without a forced change (idempotent across restarts). */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Re-applying the same password on a persistent data directory is rejected; that is fine.
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (!message.contains("same")) {
                throw e;
            }
        }
    }

    private static int boltPort(GraphDatabaseService system) {
        ConnectorPortRegister ports = ((GraphDatabaseAPI) system)
                .getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        HostnamePort address = ports.getLocalAddress(ConnectorType.BOLT);
        if (address == null) {
            throw new IllegalStateException("Bolt connector did not register a port");
        }
        return address.getPort();
    }

    /** The DBMS is started when build() returns; this proves the Bolt socket accepts connections. */
    private static void awaitTcp(int port) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("Bolt port " + port + " does not accept connections", last);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Parsed command line; sizes are in bytes. */
    static final class Options {
        int port = 0;
        String data;
        String password;
        long pagecache = parseSize("256m");
        long txMemory = parseSize("256m");
        boolean exitOnStdinEof = false;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--exit-on-stdin-eof")) {
                    options.exitOnStdinEof = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> options.port = parsePort(value);
                    case "--data" -> options.data = value;
                    case "--password" -> options.password = parsePassword(value);
                    case "--pagecache" -> options.pagecache = parseSize(value);
                    case "--tx-memory" -> options.txMemory = parseSize(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return options;
        }

        static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + value);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port is not a number: " + value);
            }
        }

        static String parsePassword(String value) {
            // Neo4j 5 rejects passwords shorter than 8 characters (dbms.security.auth_minimum_password_length).
            if (value.length() < 8) {
                throw new IllegalArgumentException("password must have at least 8 characters");
            }
            return value;
        }

        static long parseSize(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Map<Character, Long> units = Map.of('k', 1024L, 'm', 1024L * 1024, 'g', 1024L * 1024 * 1024);
            char last = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
            long unit = units.getOrDefault(last, 1L);
            String digits = units.containsKey(last) ? text.substring(0, text.length() - 1) : text;
            try {
                long size = Long.parseLong(digits) * unit;
                if (size <= 0) {
                    throw new IllegalArgumentException("size must be positive: " + value);
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a size (like 256m): " + value);
            }
        }
    }
}
