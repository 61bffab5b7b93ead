package civgraph.neo4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

/**
 * A small throw-away import that warms the JVM up while the caller is still writing the real
 * import files ({@code BulkImport --warm-up --arguments-from-stdin}). A cold JVM runs the importer's hot
 * loops (CSV parsing, the string id mapper, record writing) interpreted or half-compiled for much of
 * a large import: on the 2-core machine the 500k-device city imported in 18.2-18.8 s after a
 * 22k-entity warm-up in the same JVM, against 31.5-35.4 s cold (same files, runs back to back), and
 * with less CPU in total. The warm-up's rows are shaped like CivGraph's (string ids, a string, a
 * float, a long version, a string array; relationships of a few types with id, kind and version).
 * Then, unless the real options have already arrived on stdin, it serves that small database once
 * and builds schema like CivGraph's on it, which warms the {@code --serve} step the same way (the
 * database start on the imported home went from about 6 s to 0.5 s).
 *
 * <p>Its database lives in a temporary folder, deleted afterwards; a warm-up that fails only costs
 * the speed-up (the reason goes to stderr).
 */
final class WarmUp {
    private static final int NODES = 6_000;
    private static final int RELATIONSHIPS = 18_000;
    private static final String[] TYPES = {"LOCATED_IN", "POWERED_BY", "MONITORED_BY"};
    private static final char ARRAY_DELIMITER = '\u001f';
    private static final String[] SCHEMA = {
        "CREATE CONSTRAINT warm_node_id IF NOT EXISTS FOR (n:CgNode) REQUIRE n.id IS UNIQUE",
        "CREATE INDEX warm_node_version IF NOT EXISTS FOR (n:CgNode) ON (n._version)",
        "CREATE CONSTRAINT warm_rel_id IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() REQUIRE r.id IS UNIQUE",
        "CREATE INDEX warm_rel_version IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r._version)",
    };

    private WarmUp() {}

    /** Runs the warm-up import; never throws. */
    static void run() {
        long start = System.nanoTime();
        Path dir = null;
        Thread cleanUp = null;
        try {
            dir = Files.createTempDirectory("civgraph-import-warm-up-");
            // A caller that gives up stops this JVM with SIGTERM, possibly mid-warm-up.
            Path created = dir;
            cleanUp = new Thread(() -> BulkImport.deleteQuietly(created), "civgraph-warm-up-clean-up");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            Path nodes = dir.resolve("nodes.csv");
            Path relationships = dir.resolve("relationships.csv");
            writeNodes(nodes);
            writeRelationships(relationships);
            Path home = dir.resolve("home");
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"), quiet, quiet, new DefaultFileSystemAbstraction());
            ImportCommand.Full command = new ImportCommand.Full(ctx);
            new CommandLine(command).parseArgs(
                    "--nodes=CgNode:WarmUp=" + nodes,
                    "--relationships=" + relationships,
                    "--id-type=string",
                    "--input-encoding=UTF-8",
                    "--array-delimiter=U+001F",
                    "--multiline-fields=false",
                    "--strict=true",
                    "--bad-tolerance=0",
                    "--report-file=" + dir.resolve("import.report"),
                    "--max-off-heap-memory=256m",
                    "neo4j");
            command.execute();
            System.err.println("warm-up import done in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            // The real options already waiting: their import should not wait for the serve warm-up too.
            if (System.in.available() == 0) {
                serveOnce(home);
                System.err.println("warm-up done in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        } catch (Exception e) {
            System.err.println("warm-up import failed (the import runs on a cold JVM): " + e);
        } finally {
            BulkImport.deleteQuietly(dir);
            if (cleanUp != null) {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            }
        }
    }

    /**
     * Starts a DBMS on the warm-up's home (the first start also creates its system database, as the
     * real serve step will), builds schema shaped like CivGraph's over it, stops it: the serve step's
     * start, its Cypher planning and index population then run on loaded, compiled code.
     */
    private static void serveOnce(Path home) {
        Launcher.Options options = Launcher.Options.parse(new String[] {"--pagecache", "64m"});
        DatabaseManagementService dbms = Launcher.builder(home, options).build();
        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            for (String statement : SCHEMA) {
                db.executeTransactionally(statement);
            }
            db.executeTransactionally("CALL db.awaitIndexes(300)");
        } finally {
            dbms.shutdown();
        }
    }

    private static String node(int i) {
        return "warm-" + i + "|node";
    }

    private static void writeNodes(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id:ID,kind,_version:long,name:string,level:double,tags:string[]\n");
            for (int i = 0; i < NODES; i++) {
                out.write(node(i) + ",Camera," + (i % 50 + 1) + ",\"camera " + i + ", north\"," + (i * 0.25)
                        + ",a" + ARRAY_DELIMITER + "b c\n");
            }
        }
    }

    private static void writeRelationships(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(":START_ID,:END_ID,:TYPE,id,kind,_version:long\n");
            for (int i = 0; i < RELATIONSHIPS; i++) {
                String from = node(i % NODES);
                String to = node((i * 7 + 1) % NODES);
                String type = TYPES[i % TYPES.length];
                out.write(from + "," + to + "," + type + "," + from + "|" + type + "|" + to + "|" + i + ",k," + (i % 50 + 1) + "\n");
            }
        }
    }

    /**
     * One line of importer options from stdin, each URL-encoded (UTF-8, {@code %20} for a space)
     * and separated by a space; null when stdin ends first (the caller gave up).
     */
    static List<String> readArguments() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            return null;
        }
        List<String> args = new ArrayList<>();
        for (String token : line.split(" ")) {
            if (!token.isEmpty()) {
                args.add(URLDecoder.decode(token, StandardCharsets.UTF_8));
            }
        }
        return args;
    }
}
