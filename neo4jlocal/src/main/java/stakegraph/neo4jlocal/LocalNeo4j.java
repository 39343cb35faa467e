package stakegraph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Starts the Neo4j Community engine in this JVM with the Bolt connector on 127.0.0.1 and keeps
 * it running until the process receives SIGTERM/SIGINT, when it shuts the database down cleanly.
 *
 * <p>Usage: {@code LocalNeo4j <dataDir> <boltPort>}. Authentication is on: the password of the
 * {@code neo4j} user is set at every start from the environment variable NEO4J_LOCAL_PASSWORD
 * (neo4j.sh generates it once into the data folder's {@code password} file, mode 0600), so no
 * other local process can read or change the data without it.
 *
 * <p>NEO4J_LOCAL_PLUGINS names a folder of procedure jars to load (embedded Neo4j loads
 * procedures only from its plugin directory), with {@code gds.*} allowed unrestricted access:
 * the peer benchmark uses it for Neo4j Graph Data Science.
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalNeo4j <dataDir> <boltPort>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(home);
        String pageCache = System.getenv().getOrDefault("NEO4J_LOCAL_PAGECACHE", "512m");

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        String plugins = System.getenv("NEO4J_LOCAL_PLUGINS");
        if (plugins != null && !plugins.isEmpty()) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(plugins).toAbsolutePath())
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of("gds.*"));
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                .build();

        String password = System.getenv("NEO4J_LOCAL_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("neo4jlocal: NEO4J_LOCAL_PASSWORD (8 characters or more) is required");
            dbms.shutdown();
            System.exit(2);
        }
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException e) {
            // A restart with the same password file: it is already set.
            if (e.getMessage() == null || !e.getMessage().contains("cannot be the same")) {
                System.err.println("neo4jlocal: could not set the password: " + e.getMessage());
                dbms.shutdown();
                System.exit(1);
            }
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4jlocal: shutting down");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4jlocal-shutdown"));
        // neo4j.sh waits for this line: Bolt answers before the password above is set.
        System.out.println("neo4jlocal: Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                + " Bolt listening on 127.0.0.1:" + port + ", data in " + home);
        System.out.println("neo4jlocal: accepting connections");
        System.out.flush();
        stopped.await();
    }
}
