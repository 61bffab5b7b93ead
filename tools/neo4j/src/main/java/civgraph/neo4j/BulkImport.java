package civgraph.neo4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.internal.batchimport.cache.idmapping.string.DuplicateInputIdException;
import org.neo4j.internal.batchimport.input.InputException;
import picocli.CommandLine;

/**
 * Runs Neo4j 5.26's offline importer ({@code neo4j-admin database import full}, the parallel
 * BatchImporter) into the database {@code neo4j} of a Neo4j home laid out as the {@link Launcher}
 * uses it ({@code <home>/data/databases/neo4j}, {@code <home>/data/transactions/neo4j}), so that
 * {@code Launcher --data <home>} serves the imported graph afterwards.
 *
 * <p>Usage: {@code BulkImport --home DIR [--overwrite] [--serve [Launcher options...]] -- <import full
 * options...>}; the options after {@code --} are those of {@code neo4j-admin database import full}
 * (without the database name, which is always {@code neo4j}).
 *
 * <p>{@code --arguments-from-stdin} instead of {@code -- <options>}: start now (while the caller is
 * still writing the files), then read the options as one line from stdin (each URL-encoded,
 * space-separated). Stdin ending first means the caller gave up: exit 0, nothing imported.
 * {@code --warm-up}: first run a small throw-away import ({@link WarmUp}) so the real one runs on
 * compiled code.
 *
 * <p>{@code --serve}: after a successful import this JVM serves the imported home exactly as
 * {@code Launcher --data <home> --exit-on-stdin-eof <Launcher options>} would (same settings, same
 * READY line, stops when stdin closes), so the caller's schema step (CREATE CONSTRAINT / INDEX,
 * {@code db.awaitIndexes}) runs without a second JVM start and on a JIT the import has warmed.
 *
 * <p>Protocol with the caller: exactly one line on stdout, either
 * {@code RESULT {"nodes":N,"relationships":R,"properties":P,"ms":T}} or
 * {@code FAILED <kind> <one-line message>} with kind {@code target_not_empty}, {@code duplicate_id},
 * {@code dangling_edge}, {@code bad_input} or {@code failed}; the importer's own output goes to
 * stderr. With {@code --serve} the RESULT line is followed by the Launcher's {@code READY bolt://…} line
 * (or by nothing, exit code 1, if the server cannot start). Exit code 0 on success, 2 for bad arguments,
 * 3 for a non-empty target, 1 otherwise. A failed import into a database that did not exist before is
 * deleted, so a retry starts clean.
 */
public final class BulkImport {
    private static final String DATABASE = "neo4j";
    private static final String USAGE = "usage: BulkImport --home DIR [--overwrite] [--warm-up] [--serve [Launcher options]]"
            + " (-- <neo4j-admin database import full options> | --arguments-from-stdin)";
    private static final Pattern IMPORTED = Pattern.compile(
            "Imported:\\s+(\\d+) nodes\\s+(\\d+) relationships\\s+(\\d+) properties");
    private static final Pattern SOURCE = Pattern.compile("\\[source:(.*?), position:\\d+, line:(\\d+)\\]");

    private BulkImport() {}

    public static void main(String[] args) {
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            protocol.println("FAILED bad_arguments " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (parsed.warmUp) {
            WarmUp.run();
        }
        if (parsed.argumentsFromStdin && !awaitArguments(parsed, protocol)) {
            return;
        }
        int exit = run(parsed.home, parsed.overwrite, parsed.importArgs, protocol);
        if (exit != 0 || parsed.serve == null) {
            System.exit(exit);
            return;
        }
        try {
            // Runs until stdin closes (or SIGTERM); its shutdown hook stops the database cleanly.
            Launcher.run(parsed.serve, protocol);
        } catch (Exception e) {
            System.err.println("ERROR Neo4j failed to start on the imported home: " + e);
            e.printStackTrace(System.err);
            Runtime.getRuntime().halt(1);
        }
    }

    /**
     * Reads the importer options from stdin into {@code parsed}; false (after exiting or failing)
     * when stdin ended first or could not be read.
     */
    private static boolean awaitArguments(Arguments parsed, PrintStream protocol) {
        try {
            List<String> importArgs = WarmUp.readArguments();
            if (importArgs == null) {
                System.err.println("stdin ended before the importer options: nothing imported");
                System.exit(0);
                return false;
            }
            parsed.importArgs.addAll(importArgs);
            return true;
        } catch (IOException e) {
            protocol.println("FAILED failed could not read the importer options from stdin: " + e.getMessage());
            System.exit(1);
            return false;
        }
    }

    /**
     * The command line: BulkImport's own options before {@code --}, the importer's after it, or with
     * {@code --arguments-from-stdin} on one stdin line once the warm-up ({@link WarmUp}) is done.
     */
    private static final class Arguments {
        Path home;
        boolean overwrite;
        Launcher.Options serve;
        boolean argumentsFromStdin;
        boolean warmUp;
        final List<String> importArgs = new ArrayList<>();

        static Arguments parse(String[] args) {
            Arguments parsed = new Arguments();
            parsed.argumentsFromStdin = Arrays.asList(args).contains("--arguments-from-stdin");
            int split = Arrays.asList(args).indexOf("--");
            if (split < 0 && !parsed.argumentsFromStdin) {
                throw new IllegalArgumentException("missing -- before the importer options (or --arguments-from-stdin)");
            }
            if (split >= 0 && parsed.argumentsFromStdin) {
                throw new IllegalArgumentException("the importer options come either after -- or from stdin, not both");
            }
            int end = split < 0 ? args.length : split;
            String homeArg = null;
            List<String> serveArgs = null;
            for (int i = 0; i < end; i++) {
                if (args[i].equals("--arguments-from-stdin")) {
                    continue;
                }
                if (args[i].equals("--warm-up")) {
                    parsed.warmUp = true;
                    continue;
                }
                if (serveArgs != null) {
                    serveArgs.add(args[i]);
                    continue;
                }
                switch (args[i]) {
                    case "--home" -> homeArg = i + 1 < end ? args[++i] : null;
                    case "--overwrite" -> parsed.overwrite = true;
                    case "--serve" -> serveArgs = new ArrayList<>();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (homeArg == null) {
                throw new IllegalArgumentException("--home DIR is required");
            }
            parsed.home = Paths.get(homeArg).toAbsolutePath();
            if (serveArgs != null) {
                if (serveArgs.contains("--data")) {
                    throw new IllegalArgumentException("--serve takes Launcher options without --data (it serves --home)");
                }
                serveArgs.addAll(List.of("--data", parsed.home.toString(), "--exit-on-stdin-eof"));
                parsed.serve = Launcher.Options.parse(serveArgs.toArray(String[]::new));
            }
            if (split >= 0) {
                parsed.importArgs.addAll(Arrays.asList(args).subList(split + 1, args.length));
            }
            return parsed;
        }
    }

    private static int run(Path home, boolean overwrite, List<String> importArgs, PrintStream protocol) {
        Path store = home.resolve("data").resolve("databases").resolve(DATABASE);
        Path txLogs = home.resolve("data").resolve("transactions").resolve(DATABASE);
        boolean existed = nonEmpty(store) || nonEmpty(txLogs);
        if (existed && !overwrite) {
            protocol.println("FAILED target_not_empty database " + DATABASE + " in " + home
                    + " already holds data; pass --overwrite to replace it, or import into an empty data directory");
            return 3;
        }
        List<String> full = new ArrayList<>(importArgs);
        if (overwrite) {
            full.add("--overwrite-destination=true");
        }
        full.add(DATABASE);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.err, captured), true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try {
            Files.createDirectories(home);
            ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"), out, System.err, new DefaultFileSystemAbstraction());
            ImportCommand.Full command = new ImportCommand.Full(ctx);
            new CommandLine(command).parseArgs(full.toArray(String[]::new));
            // execute(), not call(): call() prints the failure and returns an exit code, losing the cause.
            command.execute();
        } catch (Exception e) {
            e.printStackTrace(System.err);
            if (!existed) {
                deleteQuietly(store);
                deleteQuietly(txLogs);
            }
            protocol.println("FAILED " + kind(e) + " " + describe(e));
            return 1;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        Matcher counts = IMPORTED.matcher(captured.toString(StandardCharsets.UTF_8));
        String nodes = "null";
        String relationships = "null";
        String properties = "null";
        if (counts.find()) {
            nodes = counts.group(1);
            relationships = counts.group(2);
            properties = counts.group(3);
        }
        protocol.println("RESULT {\"nodes\":" + nodes + ",\"relationships\":" + relationships
                + ",\"properties\":" + properties + ",\"ms\":" + ms + "}");
        return 0;
    }

    /** The failure's kind, from the exception classes in its cause chain (never from message text). */
    private static String kind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DuplicateInputIdException) {
                return "duplicate_id";
            }
        }
        Throwable deepest = deepestInput(error);
        if (deepest == null) {
            return error instanceof CommandLine.ParameterException ? "bad_arguments" : "failed";
        }
        StackTraceElement[] stack = deepest.getStackTrace();
        boolean relationship = stack.length > 0 && stack[0].getClassName().endsWith("$RelationshipsProblemReporter");
        return relationship ? "dangling_edge" : "bad_input";
    }

    private static Throwable deepestInput(Throwable error) {
        Throwable found = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InputException || t instanceof DuplicateInputIdException) {
                found = t;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (found == null && suppressed instanceof InputException) {
                    found = suppressed;
                }
            }
        }
        return found;
    }

    /** One line: the most specific message, plus the file and line the importer names. */
    private static String describe(Throwable error) {
        Throwable deepest = deepestInput(error);
        Throwable last = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            last = t;
        }
        String message = String.valueOf((deepest != null ? deepest : last).getMessage());
        String location = "";
        for (Throwable t = error; t != null && location.isEmpty(); t = t.getCause()) {
            Matcher m = SOURCE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                location = " (" + m.group(1) + " line " + m.group(2) + ")";
            }
        }
        String original = "";
        Matcher o = Pattern.compile("original error: (.*)").matcher(message);
        if (o.find()) {
            original = o.group(1);
            message = original;
        }
        return (message + location).replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static boolean nonEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    /** Deletes a folder tree, reporting (not throwing) what it cannot delete; null or absent: nothing. */
    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    /** Writes to two streams: the importer's output goes to stderr and is kept to read its summary. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
