package dev.holdfast.system;

import dev.holdfast.expiry.ExpiryWorkerApplication;
import dev.holdfast.gateway.GatewayApplication;
import dev.holdfast.testsupport.TestInfrastructure;
import dev.holdfast.worker.ReservationWorkerApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system in this test JVM, started once and shared: the gateway, the reservation worker and the expiry
 * worker as three Spring Boot applications on the shared test database and Kafka broker, exactly as they run in production.
 */
final class HoldfastStack {

    private static HoldfastStack shared;
    private Api secondGateway;
    private final Map<String, Object> gatewayProperties;

    final String adminToken = "admin-" + UUID.randomUUID();
    private final String requestIdSecret = "request-ids-" + UUID.randomUUID();
    final ConfigurableApplicationContext gateway;
    final ConfigurableApplicationContext worker;
    final ConfigurableApplicationContext expiry;
    final Api api;

    private HoldfastStack() {
        var database = TestInfrastructure.database();
        Map<String, Object> common = new HashMap<>();
        common.put("spring.datasource.url", database.url());
        common.put("spring.datasource.username", database.user());
        common.put("spring.datasource.password", database.password());
        common.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafkaBootstrapServers());
        common.put("server.port", "0");
        common.put("spring.main.banner-mode", "off");
        // one layout for every service: each refuses to start when the topics it finds have other partition counts
        common.put("holdfast.topics.command-partitions", "4");

        Map<String, Object> workerProperties = new HashMap<>(common);
        worker = ReservationWorkerApplication.application().run(arguments(workerProperties));

        gatewayProperties = new HashMap<>(common);
        gatewayProperties.put("holdfast.gateway.admin-token", adminToken);
        gatewayProperties.put("holdfast.gateway.rate-limit-per-second", "0");
        gatewayProperties.put("holdfast.gateway.poll-rate-limit-per-second", "0");
        // both gateways (secondGateway) answer each other's request ids only with one shared secret
        gatewayProperties.put("holdfast.gateway.request-id-secret", requestIdSecret);
        gateway = GatewayApplication.application().run(arguments(gatewayProperties));

        Map<String, Object> expiryProperties = new HashMap<>(common);
        expiryProperties.put("holdfast.expiry.scan-interval", "100ms");
        expiry = ExpiryWorkerApplication.application().run(arguments(expiryProperties));

        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        api = new Api("http://127.0.0.1:" + port, adminToken);
    }

    /** Another gateway instance, a stateless peer of the first: started on first use, shared afterwards. */
    synchronized Api secondGateway() {
        if (secondGateway == null) {
            var context = GatewayApplication.application().run(arguments(gatewayProperties));
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            secondGateway = new Api("http://127.0.0.1:" + port, adminToken);
        }
        return secondGateway;
    }

    /** As command-line arguments, which take precedence over each application's application.yml. */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
    }

    static synchronized HoldfastStack shared() {
        if (shared == null) {
            shared = new HoldfastStack();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.gateway.close();
                shared.expiry.close();
                shared.worker.close();
            }));
        }
        return shared;
    }
}
