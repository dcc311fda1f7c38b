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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One PostgreSQL database and one Kafka broker per test JVM, started on first use and shared by every test in it.
 * With Docker, and the images below present or pullable, they are Testcontainers; otherwise a throw-away database on
 * the local PostgreSQL server ({@code HOLDFAST_TEST_DB_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}) and a real KRaft broker inside the JVM. Which of the two is
 * decided once per JVM and logged with the reason ({@link ContainerChoice}). Tests keep apart by using their own event
 * ids, users and topics, never by cleaning up.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";

    /** Connection settings of the test database. */
    public record Database(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    private static Boolean containers;
    private static Database database;
    private static String kafkaBootstrapServers;

    private TestInfrastructure() {
    }

    public static synchronized Database database() {
        if (database == null) {
            database = useContainers() ? startPostgresContainer() : createLocalDatabase();
        }
        return database;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            kafkaBootstrapServers = useContainers() ? startKafkaContainer() : startEmbeddedKafka();
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

    private static boolean useContainers() {
        if (containers == null) {
            ContainerChoice.Decision decision = ContainerChoice.decide(List.of(POSTGRES_IMAGE, KAFKA_IMAGE));
            if (decision.containers()) {
                // Testcontainers' own client starts its resource reaper here; should that still fail, fall back
                decision = startsTestcontainers(decision);
            }
            String choice = decision.containers() ? "Testcontainers (PostgreSQL and Kafka in Docker)"
                    : "the local PostgreSQL server and a Kafka broker inside this JVM";
            if (decision.containers() || !decision.dockerAnswered()) {
                log.info("test infrastructure: {} ({})", choice, decision.reason());
            } else {
                // a warning, so that it shows through the tests' WARN-level logging: Docker is here but unusable
                log.warn("test infrastructure: {} ({})", choice, decision.reason());
            }
            containers = decision.containers();
        }
        return containers;
    }

    private static ContainerChoice.Decision startsTestcontainers(ContainerChoice.Decision decision) {
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return decision;
            }
            return ContainerChoice.Decision.local("Testcontainers could not set up its Docker client");
        } catch (RuntimeException | LinkageError e) {
            return ContainerChoice.Decision.local("Testcontainers could not set up its Docker client: " + e);
        }
    }

    private static Database startPostgresContainer() {
        var container = new PostgreSQLContainer<>(POSTGRES_IMAGE);
        container.start();
        return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static String startKafkaContainer() {
        var container = new KafkaContainer(KAFKA_IMAGE);
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
