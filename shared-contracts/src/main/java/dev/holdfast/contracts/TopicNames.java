package dev.holdfast.contracts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The names of Holdfast's topics as a deployment configures them: {@code holdfast.topics.*} in
 * {@code holdfast-shared.yml}, which every service imports. The services read the names from here; tools that run
 * outside Spring use the {@link Topics} names, which are the defaults.
 *
 * @param commands the command log: commands for the reservation worker, from the gateway and the expiry worker
 * @param events   committed state changes for downstream services
 */
@ConfigurationProperties("holdfast.topics")
public record TopicNames(String commands, String events) {

    /** Where commands that could not be applied are set aside. */
    public String deadLetters() {
        return Topics.deadLettersOf(commands);
    }
}
