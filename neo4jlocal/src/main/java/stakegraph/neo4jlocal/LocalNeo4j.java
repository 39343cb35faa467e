package stakegraph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts the Neo4j Community engine in this JVM with the Bolt connector on 127.0.0.1 and keeps
 * it running until the process receives SIGTERM/SIGINT, when it shuts the database down cleanly.
 *
 * <p>Usage: {@code LocalNeo4j <dataDir> <boltPort>}. Authentication is disabled: the server only
 * listens on loopback and exists for development and tests.
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

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4jlocal: shutting down");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4jlocal-shutdown"));
        System.out.println("neo4jlocal: Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                + " Bolt listening on 127.0.0.1:" + port + ", data in " + home);
        stopped.await();
    }
}
