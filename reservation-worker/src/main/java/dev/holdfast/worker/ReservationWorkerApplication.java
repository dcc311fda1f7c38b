package dev.holdfast.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReservationWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReservationWorkerApplication.class, args);
    }
}
