package dev.holdfast.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One PostgreSQL database and one Kafka broker per test JVM, started on first use and shared by every test in it.
 * With Docker they are Testcontainers; without it, a throw-away database on the local PostgreSQL server
 * ({@code HOLDFAST_TEST_DB_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/postgres}) and a real KRaft broker
 * inside the JVM. Tests keep apart by using their own event ids, users and topics, never by cleaning up.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    /** Connection settings of the test database. */
    public record Database(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    private static Database database;
    private static String kafkaBootstrapServers;

    private TestInfrastructure() {
    }

    public static synchronized Database database() {
        if (database == null) {
            database = dockerAvailable() ? startPostgresContainer() : createLocalDatabase();
        }
        return database;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            kafkaBootstrapServers = dockerAvailable() ? startKafkaContainer() : startEmbeddedKafka();
        }
        return kafkaBootstrapServers;
    }

    /** Points a Spring test context at the shared database. */
    public static void useDatabase(DynamicPropertyRegistry registry) {
        Database shared = database();
        registry.add("spring.datasource.url", shared::url);
        registry.add("spring.datasource.username", shared::user);
        registry.add("spring.datasource.password", shared::password);
    }

    /** Points a Spring test context at the shared broker. */
    public static void useBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Database startPostgresContainer() {
        var container = new PostgreSQLContainer<>("postgres:16-alpine");
        container.start();
        return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static String startKafkaContainer() {
        var container = new KafkaContainer("apache/kafka:3.9.1");
        container.start();
        return container.getBootstrapServers();
    }

    private static Database createLocalDatabase() {
        String adminUrl = env("HOLDFAST_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("HOLDFAST_TEST_DB_USER", "postgres");
        String password = env("HOLDFAST_TEST_DB_PASSWORD", "");
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "holdfast_test_" + HexFormat.of().formatHex(random);
        execute(adminUrl, user, password, "create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(adminUrl, user, password, "drop database if exists " + name + " with (force)");
            } catch (RuntimeException e) {
                log.warn("could not drop test database {}: {}", name, e.getMessage());
            }
        }));
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
        log.info("test database {}", url);
        return new Database(url, user, password);
    }

    private static String startEmbeddedKafka() {
        var broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.brokerProperties(java.util.Map.of("group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        return broker.getBrokersAsString();
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url
                    + " (is PostgreSQL running? set HOLDFAST_TEST_DB_URL)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
